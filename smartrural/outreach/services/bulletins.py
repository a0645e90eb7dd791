"""Loudspeaker bulletins: made from an uploaded recording or spoken from text, changed while a
draft, published to stations and zones, withdrawn.

The rules (the forms check the input; these check what needs the database, the user or the
clock):

- A bulletin is issued by a unit in the officer's scope; its audio is always our MP3
  (``outreach.audio``: re-encoded, tags stripped), stored through Django's storage under a
  random name and never served publicly (officers through a gated view, stations through the
  device API with their token). Its SHA-256 and duration are stored beside it.
- Only a draft changes (``bulletin_update``) or is published.
- Publishing needs at least one target: stations listed and/or zones (units: every station
  under them). Every target lies under the issuing unit and in the officer's scope, so a
  commune officer reaches only their commune's stations and the province reaches all of them.
  ``plays_from`` comes before ``expires_at``, which is still ahead.
- An emergency needs no separate reason: its title and text say why, the history says who
  and when, and only officers who may write publish it.
- Withdrawing (a draft or a published bulletin) stops it everywhere: its programme items are
  marked withdrawn, so stations drop them at their next poll.

Every write records its author in the bulletin's history.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.core.uploads import sniff
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level, path_upper_bound

from .. import audio as audio_files
from .. import speech
from ..models import (
    Bulletin,
    BulletinSource,
    BulletinStatus,
    Priority,
    ProgrammeItem,
    Station,
)

UPLOAD_FIELD = "audio"


def max_upload_bytes() -> int:
    return int(getattr(settings, "OUTREACH_AUDIO_MAX_BYTES", 20 * 1024 * 1024))


def _authored(bulletin: Bulletin, by: Actor | None, reason: str = "") -> None:
    bulletin._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    if reason:
        bulletin._change_reason = reason[:100]  # type: ignore[attr-defined]


def _check_issuer(unit: AdministrativeUnit, by: Actor | None) -> None:
    if by is None:
        return
    if not scope_for_user(by).contains(unit):
        raise Forbidden(_("%(unit)s is not one of your units.") % {"unit": unit.name}, field="unit")


def _check_window(plays_from: dt.datetime, expires_at: dt.datetime) -> None:
    if plays_from >= expires_at:
        raise ValidationFailed(
            _("The bulletin must start playing before it expires."), field="expires_at"
        )


def _clean(bulletin: Bulletin) -> None:
    """The model's own checks (lengths, characters) as a ``ValidationFailed``."""
    try:
        bulletin.full_clean(exclude=["audio"], validate_unique=False)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            raise ValidationFailed(messages[0], field=field) from exc
        raise ValidationFailed(exc.messages[0]) from exc


def _store(bulletin: Bulletin, audio: audio_files.Audio) -> str:
    """Save ``audio`` as ``bulletin``'s file (a random name); the name stored, which the caller
    deletes if its transaction fails."""
    bulletin.audio.save(f"{uuid.uuid4().hex}{audio.extension}", ContentFile(audio.data), save=False)
    bulletin.audio_mime = audio.mime
    bulletin.duration = audio.duration
    bulletin.sha256 = audio.sha256
    return str(bulletin.audio.name)


def discard_audio(bulletin: Bulletin) -> None:
    """Delete ``bulletin``'s audio file (its row is being rolled back)."""
    _discard(str(bulletin.audio.name or ""))


def _discard(name: str) -> None:
    if name:
        storage = Bulletin._meta.get_field("audio").storage
        storage.delete(name)


def _create(
    *,
    unit: AdministrativeUnit,
    title: str,
    text: str,
    source: str,
    audio: audio_files.Audio,
    priority: int,
    plays_from: dt.datetime,
    expires_at: dt.datetime,
    by: Actor | None,
) -> Bulletin:
    _check_issuer(unit, by)
    _check_window(plays_from, expires_at)
    bulletin = Bulletin(
        unit=unit,
        title=title,
        text=text,
        source=source,
        priority=priority,
        plays_from=plays_from,
        expires_at=expires_at,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _authored(bulletin, by)
    name = _store(bulletin, audio)
    try:
        _clean(bulletin)
        bulletin.save()
    except BaseException:
        _discard(name)
        raise
    return bulletin


# ---------------------------------------------------------------------------------------------
# Uploaded audio


def audio_from_upload(upload: Any) -> audio_files.Audio:
    """An uploaded recording checked and re-encoded as the bulletin MP3, or
    ``ValidationFailed`` saying why not (too large, not sound, too long)."""
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationFailed(_("The file is empty."), field=UPLOAD_FIELD)
    if size > max_upload_bytes():
        raise ValidationFailed(
            _("The file is %(size)s; recordings may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_upload_bytes())},
            field=UPLOAD_FIELD,
        )
    kind = sniff(upload, name)
    if kind is not None:
        # A document or a picture renamed .mp3: say what it is.
        raise ValidationFailed(
            _("“%(name)s” is a %(kind)s file, not a sound recording: upload MP3, WAV, M4A or OGG.")
            % {"name": name, "kind": kind.extensions[0][1:].upper()},
            field=UPLOAD_FIELD,
        )
    with tempfile.TemporaryDirectory(prefix="bulletin-upload-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as out:
            upload.seek(0)
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                out.write(chunk)
        seen = audio_files.probe(path)
        if seen is None or not seen.has_audio:
            raise ValidationFailed(
                _("“%(name)s” is not a sound recording we can read: upload MP3, WAV, M4A or OGG.")
                % {"name": name},
                field=UPLOAD_FIELD,
            )
        if seen.duration is None or seen.duration <= 0:
            raise ValidationFailed(
                _("The length of “%(name)s” cannot be read: save it again as MP3 or WAV.")
                % {"name": name},
                field=UPLOAD_FIELD,
            )
        limit = audio_files.max_seconds()
        if seen.duration > limit:
            raise ValidationFailed(
                _("“%(name)s” lasts %(length)s; a bulletin may last at most %(limit)s.")
                % {"name": name, "length": minutes(seen.duration), "limit": minutes(limit)},
                field=UPLOAD_FIELD,
            )
        try:
            return audio_files.encode_file(path)
        except audio_files.AudioError as exc:
            raise ValidationFailed(exc.message, field=UPLOAD_FIELD) from exc


def minutes(seconds: Decimal | int) -> str:
    """12:05 for 725 seconds."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@transaction.atomic
def bulletin_create_from_upload(
    *,
    unit: AdministrativeUnit,
    title: str,
    upload: Any,
    priority: int,
    plays_from: dt.datetime,
    expires_at: dt.datetime,
    text: str = "",
    by: Actor | None,
) -> Bulletin:
    """A draft bulletin of ``unit`` playing the uploaded recording (``text``: what it says,
    optional, for the record)."""
    _check_issuer(unit, by)
    _check_window(plays_from, expires_at)
    audio = audio_from_upload(upload)
    return _create(
        unit=unit,
        title=title,
        text=text,
        source=BulletinSource.UPLOAD,
        audio=audio,
        priority=priority,
        plays_from=plays_from,
        expires_at=expires_at,
        by=by,
    )


@transaction.atomic
def bulletin_create_from_text(
    *,
    unit: AdministrativeUnit,
    title: str,
    text: str,
    priority: int,
    plays_from: dt.datetime,
    expires_at: dt.datetime,
    by: Actor | None,
    source: str = BulletinSource.SPEECH,
) -> Bulletin:
    """A draft bulletin of ``unit`` speaking ``text`` (``outreach.speech``)."""
    _check_issuer(unit, by)
    _check_window(plays_from, expires_at)
    audio = speech.synthesise(text)
    return _create(
        unit=unit,
        title=title,
        text=text.strip(),
        source=source,
        audio=audio,
        priority=priority,
        plays_from=plays_from,
        expires_at=expires_at,
        by=by,
    )


def _require_draft(bulletin: Bulletin) -> None:
    if bulletin.status != BulletinStatus.DRAFT:
        raise Conflict(
            _("This bulletin is %(status)s: only a draft can be changed or published.")
            % {"status": bulletin.get_status_display().lower()}
        )


@transaction.atomic
def bulletin_update(
    *,
    bulletin: Bulletin,
    version: int | None,
    title: str,
    text: str,
    priority: int,
    plays_from: dt.datetime,
    expires_at: dt.datetime,
    upload: Any = None,
    by: Actor | None,
) -> Bulletin:
    """Change a draft. A spoken bulletin whose text changed is spoken again; an uploaded one
    takes ``upload`` as its new recording when given."""
    sent = {
        "title": title,
        "text": text,
        "priority": priority,
        "plays_from": plays_from,
        "expires_at": expires_at,
    }
    check_version(bulletin, version, sent=sent)
    _require_draft(bulletin)
    _check_window(plays_from, expires_at)
    new_audio: audio_files.Audio | None = None
    if bulletin.source == BulletinSource.SPEECH and text.strip() != bulletin.text:
        new_audio = speech.synthesise(text)
    elif bulletin.source == BulletinSource.UPLOAD and upload is not None:
        new_audio = audio_from_upload(upload)
    old_name = str(bulletin.audio.name or "")
    for field, value in sent.items():
        setattr(bulletin, field, value.strip() if isinstance(value, str) else value)
    _authored(bulletin, by)
    name = _store(bulletin, new_audio) if new_audio is not None else ""
    try:
        _clean(bulletin)
        bulletin.save()
    except BaseException:
        _discard(name)
        raise
    if name and old_name:
        transaction.on_commit(lambda: _discard(old_name))
    return bulletin


# ---------------------------------------------------------------------------------------------
# Publishing and withdrawing


def _under(unit: AdministrativeUnit, issuer: AdministrativeUnit) -> bool:
    return unit.path.startswith(issuer.path)


def target_units_q(zones: Iterable[AdministrativeUnit], prefix: str = "unit__") -> Q:
    """Stations (their unit via ``prefix``) a bulletin to ``zones`` reaches: those under a
    zone, and for a hamlet, its commune's (whose clusters in the hamlet play it)."""
    q = Q(pk__in=[])
    for zone in zones:
        if zone.level == Level.HAMLET and zone.parent_id is not None:
            q |= Q(**{prefix[:-2] + "_id" if prefix.endswith("__") else prefix: zone.parent_id})
            continue
        q |= Q(
            **{f"{prefix}path__gte": zone.path, f"{prefix}path__lt": path_upper_bound(zone.path)}
        )
    return q


def target_stations(bulletin: Bulletin) -> QuerySet[Station]:
    """The stations in service a bulletin goes to: those listed and those under its zones."""
    zones = list(bulletin.zones.all())
    listed = bulletin.stations.values("pk")
    return Station.objects.filter(active=True).filter(Q(pk__in=listed) | target_units_q(zones))


@dataclass(frozen=True)
class Targets:
    stations: list[Station]
    zones: list[AdministrativeUnit]


def check_targets(
    *,
    issuer: AdministrativeUnit,
    stations: Iterable[Station],
    zones: Iterable[AdministrativeUnit],
    by: Actor | None,
) -> Targets:
    """The targets if ``by`` may send a bulletin of ``issuer`` to them: at least one, every
    one under the issuing unit and in ``by``'s scope, stations in service, and at least one
    station reached."""
    stations, zones = list(stations), list(zones)
    if not stations and not zones:
        raise ValidationFailed(
            _("Choose at least one station or zone to send the bulletin to."), field="stations"
        )
    scope = scope_for_user(by) if by is not None else None
    for station in stations:
        if not _under(station.unit, issuer) or (
            scope is not None and not scope.contains(station.unit)
        ):
            raise Forbidden(
                _("The station “%(name)s” is not in %(unit)s: you cannot send to it.")
                % {"name": station.name, "unit": issuer.name},
                field="stations",
            )
        if not station.active:
            raise ValidationFailed(
                _("The station “%(name)s” is out of service.") % {"name": station.name},
                field="stations",
            )
    for zone in zones:
        if not _under(zone, issuer) or (scope is not None and not scope.contains(zone)):
            raise Forbidden(
                _("%(zone)s is not in %(unit)s: you cannot send to it.")
                % {"zone": zone.name, "unit": issuer.name},
                field="zones",
            )
    reached = Station.objects.filter(active=True).filter(
        Q(pk__in=[s.pk for s in stations]) | target_units_q(zones)
    )
    if not reached.exists():
        raise ValidationFailed(
            _("No radio station in service is in the zones chosen."), field="zones"
        )
    return Targets(stations=stations, zones=zones)


def _targets_reason(targets: Targets) -> str:
    names = [s.name for s in targets.stations] + [z.name for z in targets.zones]
    return ", ".join(names)


@transaction.atomic
def bulletin_publish(
    *,
    bulletin: Bulletin,
    version: int | None,
    stations: Iterable[Station] = (),
    zones: Iterable[AdministrativeUnit] = (),
    by: Actor | None,
) -> Bulletin:
    """Publish a draft to ``stations`` and every station under ``zones``: from now on the
    programmes take it (emergency at once, priority ahead, normal in its slot)."""
    targets = check_targets(issuer=bulletin.unit, stations=stations, zones=zones, by=by)
    check_version(bulletin, version, sent={"status": BulletinStatus.PUBLISHED})
    _require_draft(bulletin)
    if not bulletin.audio:
        raise ValidationFailed(_("This bulletin has no audio to play."))
    now = timezone.now()
    if bulletin.expires_at <= now:
        raise ValidationFailed(
            _("This bulletin expired on %(when)s: change its dates first.")
            % {"when": timezone.localtime(bulletin.expires_at).strftime("%d/%m/%Y %H:%M")},
            field="expires_at",
        )
    _check_window(bulletin.plays_from, bulletin.expires_at)
    bulletin.status = BulletinStatus.PUBLISHED
    bulletin.published_at = now
    _authored(bulletin, by, _targets_reason(targets))
    bulletin.save()
    bulletin.stations.set(targets.stations)
    bulletin.zones.set(targets.zones)
    return bulletin


@transaction.atomic
def bulletin_withdraw(*, bulletin: Bulletin, version: int | None, by: Actor | None) -> Bulletin:
    """Stop a draft or published bulletin: it plays nowhere any more."""
    check_version(bulletin, version, sent={"status": BulletinStatus.WITHDRAWN})
    if bulletin.status == BulletinStatus.WITHDRAWN:
        raise Conflict(_("This bulletin is already withdrawn."))
    bulletin.status = BulletinStatus.WITHDRAWN
    _authored(bulletin, by)
    bulletin.save()
    ProgrammeItem.objects.filter(bulletin=bulletin, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    return bulletin


def priority_label(priority: int) -> str:
    return str(Priority(priority).label)
