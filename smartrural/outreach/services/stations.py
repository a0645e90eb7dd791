"""Writes to commune radio stations and their loudspeaker clusters (Thông tư 39/2020).

A cluster is a device with a token: ``cluster_create`` and ``cluster_token_rotate`` make a new
one (``secrets.token_urlsafe(32)``) and return it with the cluster, the only time it is ever
seen; only its SHA-256 (``token_hash``) and its first characters (``token_prefix``, to tell
tokens apart on the officers' pages) are stored. ``cluster_token_revoke`` stops a token at once
(the device API answers 401); rotating gives the cluster a working token again.

Every write is checked against the writer's scope (a station of a commune of theirs; a
cluster's hamlet in the station's commune), versioned and kept in the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Cluster, ClusterStatus, Station

STATION_FIELDS = ("name", "active")
CLUSTER_FIELDS = ("name", "hamlet", "speakers", "active")
TOKEN_PREFIX_LENGTH = 8


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a device token: what is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_device_token() -> tuple[str, str, str]:
    """A new device token, its hash and its prefix."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token), token[:TOKEN_PREFIX_LENGTH]


@dataclass(frozen=True)
class IssuedToken:
    """A cluster and its new token (shown once to the officer, never stored)."""

    cluster: Cluster
    token: str


def _require_commune_in_scope(unit: AdministrativeUnit, by: User | None) -> None:
    if unit.level != Level.COMMUNE:
        raise ValidationFailed(
            _("A radio station belongs to a commune; %(unit)s is not one.") % {"unit": unit.name},
            field="unit",
        )
    if by is not None and not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(unit)s is not in your units.") % {"unit": unit.name}, field="unit"
        )


def _require_hamlet_of_station(hamlet: AdministrativeUnit | None, station: Station) -> None:
    if hamlet is None:
        return
    if hamlet.level != Level.HAMLET or hamlet.parent_id != station.unit_id:
        raise ValidationFailed(
            _("%(hamlet)s is not a hamlet of %(commune)s.")
            % {"hamlet": hamlet.name, "commune": station.unit.name},
            field="hamlet",
        )


def _service_change(obj: Station | Cluster, fields: dict[str, object]) -> None:
    """Put out of service now (``out_of_service_at``), or back in service."""
    if "active" in fields and bool(fields["active"]) != obj.active:
        obj.out_of_service_at = None if fields["active"] else timezone.now()


def _save(obj: Station | Cluster, by: User | None) -> None:
    obj.full_clean(exclude=["token_hash", "token_prefix"] if isinstance(obj, Cluster) else None)
    obj._history_user = by  # type: ignore[union-attr]
    obj.save()


@transaction.atomic
def station_create(
    *, unit: AdministrativeUnit, name: str, active: bool = True, by: User | None
) -> Station:
    if by is not None:
        require_writer(by)
    _require_commune_in_scope(unit, by)
    station = Station(unit=unit, name=name, active=active)
    station.out_of_service_at = None if active else timezone.now()
    _save(station, by)
    return station


@transaction.atomic
def station_update(
    *, station: Station, version: int | None, by: User | None, **fields: object
) -> Station:
    """Change a station's name or whether it is in service (a station out of service keeps its
    programme and logs; its clusters are told nothing new)."""
    unknown = set(fields) - set(STATION_FIELDS)
    if unknown:
        raise TypeError(f"station_update() cannot change {sorted(unknown)}")
    if by is not None:
        require_writer(by)
    check_version(station, version, sent=fields)
    _service_change(station, fields)
    for name, value in fields.items():
        setattr(station, name, value)
    _save(station, by)
    return station


@transaction.atomic
def cluster_create(
    *,
    station: Station,
    name: str,
    hamlet: AdministrativeUnit | None = None,
    speakers: int = 1,
    by: User | None,
) -> IssuedToken:
    """A new cluster of ``station`` with its device token (returned once, stored hashed)."""
    if by is not None:
        require_writer(by)
    _require_hamlet_of_station(hamlet, station)
    token, digest, prefix = new_device_token()
    cluster = Cluster(
        station=station,
        hamlet=hamlet,
        name=name,
        speakers=speakers,
        token_hash=digest,
        token_prefix=prefix,
    )
    _save(cluster, by)
    return IssuedToken(cluster=cluster, token=token)


@transaction.atomic
def cluster_update(
    *, cluster: Cluster, version: int | None, by: User | None, **fields: object
) -> Cluster:
    unknown = set(fields) - set(CLUSTER_FIELDS)
    if unknown:
        raise TypeError(f"cluster_update() cannot change {sorted(unknown)}")
    if by is not None:
        require_writer(by)
    check_version(cluster, version, sent=fields)
    if "hamlet" in fields:
        hamlet = fields["hamlet"]
        assert hamlet is None or isinstance(hamlet, AdministrativeUnit)
        _require_hamlet_of_station(hamlet, cluster.station)
    _service_change(cluster, fields)
    for name, value in fields.items():
        setattr(cluster, name, value)
    _save(cluster, by)
    return cluster


def _check_token_version(cluster: Cluster, version: int | None) -> None:
    """Lock and reload ``cluster``; a token action from a page older than its last change (the
    browser sending the form again on reload, another officer meanwhile) is refused: a token
    is never issued or revoked twice by one click."""
    check_version(cluster, version, sent={})
    if version is not None and version != cluster.version:
        raise Conflict(
            _(
                "This loudspeaker cluster changed after the page was opened (a new token issued "
                "or the token revoked meanwhile): nothing was done. Its state is below."
            )
        )


@transaction.atomic
def cluster_token_rotate(*, cluster: Cluster, version: int | None, by: User | None) -> IssuedToken:
    """A new token for ``cluster`` (the old one stops working at once, revoked or not)."""
    if by is not None:
        require_writer(by)
    _check_token_version(cluster, version)
    token, digest, prefix = new_device_token()
    cluster.token_hash, cluster.token_prefix, cluster.token_revoked_at = digest, prefix, None
    _save(cluster, by)
    return IssuedToken(cluster=cluster, token=token)


@transaction.atomic
def cluster_token_revoke(*, cluster: Cluster, version: int | None, by: User | None) -> Cluster:
    """Stop ``cluster``'s token (a stolen or lost device): the device API answers 401 from now
    on, until a new token is issued (``cluster_token_rotate``)."""
    if by is not None:
        require_writer(by)
    _check_token_version(cluster, version)
    if cluster.token_revoked_at is not None:
        raise Conflict(_("This cluster's token is already revoked."))
    cluster.token_revoked_at = timezone.now()
    _save(cluster, by)
    return cluster


def cluster_state(cluster: Cluster, *, now: dt.datetime) -> str:
    """What officers see of a cluster: offline when not heard from for more than
    ``OUTREACH_CLUSTER_OFFLINE_MINUTES`` (or never), fault when its last report was a fault,
    else working (``ClusterStatus`` values)."""
    limit = dt.timedelta(minutes=settings.OUTREACH_CLUSTER_OFFLINE_MINUTES)
    if cluster.last_contact_at is None or now - cluster.last_contact_at > limit:
        return ClusterStatus.OFFLINE
    if cluster.reported_status == ClusterStatus.FAULT:
        return ClusterStatus.FAULT
    return ClusterStatus.OK
