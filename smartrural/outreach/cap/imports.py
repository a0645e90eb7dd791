"""Importing a CAP alert: the plan a file would carry out (``cap_plan``) and its import in one
transaction (``cap_import``), with the handlers run after an Alert or Update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Forbidden
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit, Level, path_ids

from ..access import scoped
from ..models import (
    Bulletin,
    BulletinSource,
    BulletinStatus,
    CapAlert,
    CapDirection,
    Priority,
)
from ..services import bulletins as bulletin_services
from .parsing import (
    DEFAULT_VALIDITY,
    CapError,
    ParsedAlert,
    parse_alert,
)

# Called after an Alert or Update made its bulletin, in the import's transaction: the hook by
# which the campaign to residents is added (see the package's docstring).
ALERT_HANDLERS: list[Callable[[CapAlert, ParsedAlert], None]] = []


@dataclass
class CapPlan:
    """What importing an alert does (shown before the officer confirms)."""

    parsed: ParsedAlert
    duplicate: CapAlert | None = None
    zones: list[AdministrativeUnit] = field(default_factory=list)
    zones_from_scope: bool = False
    issuer: AdministrativeUnit | None = None
    plays_from: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    withdraws: list[Bulletin] = field(default_factory=list)

    @property
    def makes_bulletin(self) -> bool:
        return self.parsed.msg_type in ("Alert", "Update")


def _unit_for_code(code: str, day: dt.date) -> AdministrativeUnit | None:
    rows = list(AdministrativeUnit.objects.filter(code=code).select_related("parent"))
    if not rows:
        return None
    valid = [
        u
        for u in rows
        if (u.valid_from is None or u.valid_from <= day)
        and (u.valid_to is None or u.valid_to >= day)
    ]
    if valid:
        return valid[0]
    return max(rows, key=lambda u: u.valid_to or dt.date.max)


def _scope_units(user: Actor) -> list[AdministrativeUnit]:
    """The units an officer's whole scope starts from: their assigned units; the province
    office's: the provinces (those valid today, else all)."""
    if scope_for_user(user).everything:
        roots = AdministrativeUnit.objects.filter(parent__isnull=True)
        valid = list(roots.valid_on(timezone.localdate()))
        return valid or list(roots)
    return list(AdministrativeUnit.objects.filter(assignments__user=user).order_by("path"))


def _issuer(zones: list[AdministrativeUnit], user: Actor) -> AdministrativeUnit:
    """The smallest commune, district or province in ``user``'s scope holding every zone."""
    common = zones[0].path
    for zone in zones[1:]:
        length = 0
        while (
            length < min(len(common), len(zone.path))
            and common[length : length + PATH_SEGMENT] == zone.path[length : length + PATH_SEGMENT]
        ):
            length += PATH_SEGMENT
        common = common[:length]
    scope = scope_for_user(user)
    ids = path_ids(common) if common else []
    candidates = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        unit = candidates.get(pk)
        if unit is not None and unit.level != Level.HAMLET and scope.contains(unit):
            return unit
    raise CapError(
        _(
            "The alert's areas lie in units you hold separately: import it from the level "
            "above (the province)."
        )
    )


def _check_broadcastable(parsed: ParsedAlert) -> None:
    if parsed.status != "Actual":
        raise CapError(
            _("This alert's status is %(status)s: only Actual alerts are broadcast.")
            % {"status": parsed.status}
        )
    if parsed.scope != "Public":
        raise CapError(
            _("This alert's scope is %(scope)s: only Public alerts are broadcast.")
            % {"scope": parsed.scope}
        )
    if parsed.msg_type not in ("Alert", "Update", "Cancel"):
        raise CapError(
            _("This is a CAP %(type)s message: there is nothing to broadcast.")
            % {"type": parsed.msg_type}
        )
    if parsed.msg_type != "Cancel" and not parsed.has_info:
        raise CapError(_("This alert has no information block (info) to broadcast."))


def _referenced(parsed: ParsedAlert, user: Actor) -> list[Bulletin]:
    if not parsed.references:
        return []
    pairs = Q(pk__in=[])
    for sender, identifier in parsed.references:
        pairs |= Q(sender=sender, identifier=identifier)
    ids = set(
        CapAlert.objects.filter(
            pairs, direction=CapDirection.RECEIVED, bulletin__isnull=False
        ).values_list("bulletin_id", flat=True)
    )
    visible = {b.pk: b for b in scoped(Bulletin, user).filter(pk__in=ids).select_related("unit")}
    if len(visible) < len(ids):
        raise Forbidden(
            _("This message changes alerts imported for units outside yours: it was not imported.")
        )
    return sorted(visible.values(), key=lambda b: b.pk)


def cap_plan(*, xml_bytes: bytes, user: Actor) -> CapPlan:
    """What importing ``xml_bytes`` as ``user`` would do, or a ``DomainError`` saying why it
    cannot be imported. Reads only."""
    if not getattr(user, "can_write", False):
        raise Forbidden(_("Your account is read-only."))
    parsed = parse_alert(xml_bytes)
    duplicate = CapAlert.objects.filter(
        direction=CapDirection.RECEIVED, sender=parsed.sender, identifier=parsed.identifier
    ).first()
    plan = CapPlan(parsed=parsed, duplicate=duplicate)
    if duplicate is not None:
        return plan
    _check_broadcastable(parsed)
    plan.withdraws = _referenced(parsed, user)
    if parsed.msg_type == "Cancel":
        if not plan.withdraws:
            raise CapError(_("This cancellation refers to no alert imported here."))
        return plan
    day = timezone.localtime(parsed.sent).date()
    matched: dict[int, AdministrativeUnit] = {}
    for code in parsed.codes:
        unit = _unit_for_code(code, day)
        if unit is not None:
            matched[unit.pk] = unit
    scope = scope_for_user(user)
    outside = [u for u in matched.values() if not scope.contains(u)]
    if outside:
        raise Forbidden(
            _("The alert is for %(units)s, outside your units: it was not imported.")
            % {"units": ", ".join(u.name for u in outside)}
        )
    if matched:
        plan.zones = sorted(matched.values(), key=lambda u: u.path)
    else:
        plan.zones = _scope_units(user)
        plan.zones_from_scope = True
    if not plan.zones:
        raise CapError(_("You have no units to send this alert to."))
    plan.issuer = _issuer(plan.zones, user)
    now = timezone.now()
    expires = parsed.expires or now + DEFAULT_VALIDITY
    if expires <= now:
        raise CapError(
            _("This alert expired on %(when)s: there is nothing to broadcast.")
            % {"when": timezone.localtime(expires).strftime("%d/%m/%Y %H:%M")}
        )
    start = parsed.onset or parsed.effective
    plan.plays_from = (
        now if parsed.priority == Priority.EMERGENCY or start is None or start <= now else start
    )
    plan.expires_at = expires
    if not parsed.title:
        raise CapError(_("This alert has neither a headline nor an event to name it."))
    return plan


@dataclass(frozen=True)
class CapImport:
    alert: CapAlert
    created: bool  # False: the alert had been imported already; nothing changed
    plan: CapPlan


@transaction.atomic
def cap_import(*, xml_bytes: bytes, user: Actor) -> CapImport:
    """Import a CAP 1.2 alert (see the module's docstring); nothing is written when it is
    refused. Importing an alert again returns the first import and changes nothing."""
    plan = cap_plan(xml_bytes=xml_bytes, user=user)
    if plan.duplicate is not None:
        return CapImport(alert=plan.duplicate, created=False, plan=plan)
    parsed = plan.parsed
    for old in plan.withdraws:
        if old.status != BulletinStatus.WITHDRAWN:
            bulletin_services.bulletin_withdraw(bulletin=old, version=None, by=user)
    bulletin: Bulletin | None = plan.withdraws[0] if plan.withdraws else None
    if plan.makes_bulletin:
        assert plan.issuer is not None and plan.plays_from and plan.expires_at
        bulletin = bulletin_services.bulletin_create_from_text(
            unit=plan.issuer,
            title=parsed.title,
            text=parsed.spoken_text,
            priority=parsed.priority,
            plays_from=plan.plays_from,
            expires_at=plan.expires_at,
            by=user,
            source=BulletinSource.CAP,
        )
        try:
            bulletin_services.bulletin_publish(
                bulletin=bulletin, version=bulletin.version, zones=plan.zones, by=user
            )
        except BaseException:
            bulletin_services.discard_audio(bulletin)
            raise
    try:
        with transaction.atomic():
            alert = CapAlert.objects.create(
                direction=CapDirection.RECEIVED,
                identifier=parsed.identifier[:200],
                sender=parsed.sender[:200],
                sent=parsed.sent,
                xml=parsed.xml,
                bulletin=bulletin,
                created_by=user,
            )
    except IntegrityError:
        # Imported meanwhile by someone else: theirs stands.
        if plan.makes_bulletin and bulletin is not None:
            bulletin_services.discard_audio(bulletin)
        transaction.set_rollback(True)
        first = CapAlert.objects.get(
            direction=CapDirection.RECEIVED, sender=parsed.sender, identifier=parsed.identifier
        )
        return CapImport(alert=first, created=False, plan=plan)
    if plan.makes_bulletin:
        try:
            for handler in ALERT_HANDLERS:
                handler(alert, parsed)
        except BaseException:
            if bulletin is not None:
                bulletin_services.discard_audio(bulletin)
            raise
    return CapImport(alert=alert, created=True, plan=plan)
