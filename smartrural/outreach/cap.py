"""CAP 1.2 (Common Alerting Protocol, OASIS): alerts received become loudspeaker bulletins; our
emergency bulletins leave as CAP.

**Reading** (``parse_alert``): at most ``OUTREACH_CAP_MAX_BYTES``, parsed by lxml with entities
unresolved, no network and no huge trees; a file with a DOCTYPE is refused outright (CAP has
none, and it is where entity attacks live); then checked against the OASIS schema shipped in
``data/CAP-v1.2.xsd``. A file that fails says the schema's first error and its line.

**Import** (``cap_plan`` shows what a file would do, ``cap_import`` does it, in one
transaction):

- ``sender`` + ``identifier`` name an alert: one received twice changes nothing (the
  ``CapAlert`` unique constraint backs the check).
- Only ``status`` Actual and ``scope`` Public are broadcast (a Test or Exercise alert, or one
  restricted to some recipients, must not reach the loudspeakers); ``msgType`` Ack and Error
  carry nothing to broadcast.
- ``Alert``: the ``info`` in Vietnamese (``language`` vi or vi-VN…; else the first ``info``)
  becomes a published bulletin spoken from its headline, description and instruction
  (``outreach.speech``; cut at ``OUTREACH_SPEECH_MAX_CHARS`` on a word boundary). Its priority:
  **emergency** when ``severity`` is Extreme or Severe and ``urgency`` Immediate or Expected;
  **priority** for every other alert (an official warning never waits for a normal slot). It
  plays at once (an emergency), or from ``onset``/``effective`` when later than now; it expires
  at ``expires`` (24 hours after import when the alert has none; an alert already expired is
  refused). Any audio ``resource`` of the alert is not fetched: stations play our own speech.
- Targets: the ``geocode`` s of every ``area`` with ``valueName`` **GSO** (any case) and a GSO
  administrative unit code (province 2 digits, district 3, commune 5, hamlet 7) are matched to
  our units (the unit with that code valid on the alert's ``sent`` day, else its latest); each
  becomes a zone of the bulletin (a hamlet zone: its commune's station). A matched unit outside
  the importing officer's units refuses the whole file. No GSO code matched (other codes,
  ``areaDesc`` only, polygons): the officer's whole scope. The bulletin is issued by the
  smallest commune, district or province that holds every zone.
- ``Update``: the bulletins of the alerts it ``references`` (received here) are withdrawn and
  the update becomes a new bulletin (an update of an alert never received is taken as an
  alert). ``Cancel``: the bulletins of the alerts it references are withdrawn; one that
  references nothing received here is refused.
- The ``CapAlert`` row keeps the XML as received and the bulletin it made (or withdrew).
- ``ALERT_HANDLERS``: callables ``handler(cap_alert, parsed)`` run after an Alert or Update made
  its bulletin, inside the same transaction (an exception undoes the whole import). The
  campaign to residents registers itself here.

**Export** (``cap_export``): a published emergency bulletin as a CAP 1.2 alert: ``identifier``
``bulletin-<id>`` (stable), ``sender`` from ``OUTREACH_CAP_SENDER``, ``sent`` its publication
time at +07:00, status Actual, msgType Alert, scope Public; one ``info`` (language vi-VN,
category Safety, event "Thông báo khẩn cấp", urgency/severity/certainty from the priority,
headline = title, description = text, ``expires``), a ``resource`` (the MP3: mimeType, size,
SHA-1 ``digest`` as CAP asks, the officers' gated URI) and one ``area`` per zone or station's
commune (``areaDesc`` its name, ``geocode`` GSO its code). Every export is schema-checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Forbidden, ValidationFailed
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit, Level, path_ids

from .access import scoped
from .models import (
    Bulletin,
    BulletinSource,
    BulletinStatus,
    CapAlert,
    CapDirection,
    Priority,
)
from .services import bulletins as bulletin_services
from .speech import max_chars

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA_PATH = Path(__file__).parent / "data" / "CAP-v1.2.xsd"
GEOCODE_NAME = "GSO"
ICT = dt.timezone(dt.timedelta(hours=7))
DEFAULT_VALIDITY = dt.timedelta(hours=24)
EMERGENCY_SEVERITIES = frozenset({"Extreme", "Severe"})
EMERGENCY_URGENCIES = frozenset({"Immediate", "Expected"})
# Our priorities in CAP terms (urgency, severity, certainty).
EXPORT_TERMS = {
    Priority.EMERGENCY: ("Immediate", "Severe", "Likely"),
    Priority.PRIORITY: ("Expected", "Moderate", "Likely"),
    Priority.NORMAL: ("Future", "Minor", "Possible"),
}
# Data of the file (in the language of the alert), not page text.
EXPORT_EVENT = "Thông báo khẩn cấp"
EXPORT_RESOURCE = "Bản tin phát thanh"


class CapError(ValidationFailed):
    """A CAP file refused (422), nothing written; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Area:
    desc: str
    codes: tuple[str, ...]  # GSO codes of its geocodes


@dataclass(frozen=True)
class ParsedAlert:
    """What the import reads of a CAP alert (the chosen ``info`` only)."""

    identifier: str
    sender: str
    sent: dt.datetime
    status: str
    msg_type: str
    scope: str
    references: tuple[tuple[str, str], ...]  # (sender, identifier)
    xml: str
    has_info: bool = False
    language: str = ""
    event: str = ""
    urgency: str = ""
    severity: str = ""
    certainty: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    effective: dt.datetime | None = None
    onset: dt.datetime | None = None
    expires: dt.datetime | None = None
    areas: tuple[Area, ...] = field(default_factory=tuple)

    @property
    def priority(self) -> int:
        if self.severity in EMERGENCY_SEVERITIES and self.urgency in EMERGENCY_URGENCIES:
            return Priority.EMERGENCY
        return Priority.PRIORITY

    @property
    def title(self) -> str:
        title = " ".join((self.headline or self.event).split())
        return title[:200].rstrip()

    @property
    def spoken_text(self) -> str:
        parts = [" ".join(p.split()) for p in (self.headline, self.description, self.instruction)]
        text = ".\n".join(p.rstrip(".") for p in parts if p)
        limit = max_chars()
        if len(text) > limit:
            cut = text[:limit]
            text = cut[: cut.rfind(" ")] if " " in cut else cut
        return text

    @property
    def codes(self) -> list[str]:
        return [code for area in self.areas for code in area.codes]


# Called after an Alert or Update made its bulletin, in the import's transaction: the hook by
# which the campaign to residents is added (see the module's docstring).
ALERT_HANDLERS: list[Callable[[CapAlert, ParsedAlert], None]] = []


# ---------------------------------------------------------------------------------------------
# Reading


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )


@cache
def schema() -> etree.XMLSchema:
    """The OASIS CAP 1.2 schema (read once)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser=_parser()))


def max_bytes() -> int:
    return int(getattr(settings, "OUTREACH_CAP_MAX_BYTES", 1024 * 1024))


def validate(xml_bytes: bytes) -> etree._Element:
    """The alert's root element when ``xml_bytes`` is a safe, schema-valid CAP 1.2 alert;
    ``CapError`` saying what is wrong otherwise."""
    if not xml_bytes:
        raise CapError(_("The file is empty."))
    if len(xml_bytes) > max_bytes():
        raise CapError(
            _("The file has %(size)s bytes; CAP files may have at most %(limit)s.")
            % {"size": len(xml_bytes), "limit": max_bytes()}
        )
    try:
        root = etree.fromstring(xml_bytes, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise CapError(
            _("The file is not well-formed XML (line %(line)s): %(error)s")
            % {"line": exc.lineno or "?", "error": exc.msg}
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise CapError(
            _("The file declares a DOCTYPE; CAP alerts have none, so it is refused for safety.")
        )
    checker = schema()
    if not checker.validate(root):
        first = checker.error_log[0] if len(checker.error_log) else None
        message = first.message if first is not None else ""
        line = first.line if first is not None else "?"
        raise CapError(
            _("The file does not follow the CAP 1.2 schema (line %(line)s): %(error)s")
            % {"line": line, "error": message}
        )
    return root


def _text(element: etree._Element | None, name: str) -> str:
    if element is None:
        return ""
    found = element.find(f"{{{NS}}}{name}")
    return (found.text or "").strip() if found is not None else ""


def _when(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CapError(_("The time “%(value)s” cannot be read.") % {"value": value[:40]}) from exc


def _is_vietnamese(language: str) -> bool:
    language = language.lower()
    return language == "vi" or language.startswith("vi-")


def _references(raw: str) -> tuple[tuple[str, str], ...]:
    out = []
    for triple in raw.split():
        parts = triple.split(",")
        if len(parts) >= 2:
            out.append((parts[0], parts[1]))
    return tuple(out)


def parse_alert(xml_bytes: bytes) -> ParsedAlert:
    """``xml_bytes`` read as a CAP 1.2 alert (checked by ``validate``)."""
    root = validate(xml_bytes)
    try:
        xml = xml_bytes.decode("utf-8")
    except UnicodeDecodeError:
        xml = etree.tostring(root, encoding="unicode")
    sent = _when(_text(root, "sent"))
    assert sent is not None  # required by the schema
    header = ParsedAlert(
        identifier=_text(root, "identifier"),
        sender=_text(root, "sender"),
        sent=sent,
        status=_text(root, "status"),
        msg_type=_text(root, "msgType"),
        scope=_text(root, "scope"),
        references=_references(_text(root, "references")),
        xml=xml,
    )
    infos = root.findall(f"{{{NS}}}info")
    if not infos:
        return header
    info = next((i for i in infos if _is_vietnamese(_text(i, "language") or "en-US")), infos[0])
    areas = []
    for area in info.findall(f"{{{NS}}}area"):
        codes = tuple(
            _text(geocode, "value")
            for geocode in area.findall(f"{{{NS}}}geocode")
            if _text(geocode, "valueName").upper() == GEOCODE_NAME
        )
        areas.append(Area(desc=_text(area, "areaDesc"), codes=codes))
    return dataclasses.replace(
        header,
        has_info=True,
        language=_text(info, "language") or "en-US",
        event=_text(info, "event"),
        urgency=_text(info, "urgency"),
        severity=_text(info, "severity"),
        certainty=_text(info, "certainty"),
        headline=_text(info, "headline"),
        description=_text(info, "description"),
        instruction=_text(info, "instruction"),
        effective=_when(_text(info, "effective")),
        onset=_when(_text(info, "onset")),
        expires=_when(_text(info, "expires")),
        areas=tuple(areas),
    )


# ---------------------------------------------------------------------------------------------
# Import


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


# ---------------------------------------------------------------------------------------------
# Export


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(ICT).replace(microsecond=0).isoformat()


def cap_identifier(bulletin: Bulletin) -> str:
    return f"bulletin-{bulletin.pk}"


def cap_sender() -> str:
    return re.sub(r"[\s,<&]", "", str(getattr(settings, "OUTREACH_CAP_SENDER", ""))) or "smartrural"


def exportable(bulletin: Bulletin) -> bool:
    return bulletin.priority == Priority.EMERGENCY and bulletin.status == BulletinStatus.PUBLISHED


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _area_units(bulletin: Bulletin) -> list[AdministrativeUnit]:
    units = {z.pk: z for z in bulletin.zones.all()}
    for station in bulletin.stations.select_related("unit"):
        units.setdefault(station.unit_id, station.unit)
    return sorted(units.values(), key=lambda u: u.path)


def cap_export(bulletin: Bulletin) -> bytes:
    """``bulletin`` (a published emergency) as a schema-valid CAP 1.2 alert, UTF-8 bytes."""
    if not exportable(bulletin):
        raise ValidationFailed(_("Only published emergency bulletins are exported as CAP alerts."))
    urgency, severity, certainty = EXPORT_TERMS[Priority(bulletin.priority)]
    root = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _sub(root, "identifier", cap_identifier(bulletin))
    _sub(root, "sender", cap_sender())
    _sub(root, "sent", _stamp(bulletin.published_at or bulletin.created_at))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", "Alert")
    _sub(root, "scope", "Public")
    info = _sub(root, "info")
    _sub(info, "language", "vi-VN")
    _sub(info, "category", "Safety")
    _sub(info, "event", EXPORT_EVENT)
    _sub(info, "urgency", urgency)
    _sub(info, "severity", severity)
    _sub(info, "certainty", certainty)
    _sub(info, "effective", _stamp(bulletin.plays_from))
    _sub(info, "expires", _stamp(bulletin.expires_at))
    _sub(info, "senderName", bulletin.unit.name)
    _sub(info, "headline", bulletin.title)
    _sub(info, "description", bulletin.text or bulletin.title)
    if bulletin.audio:
        with bulletin.audio.open("rb") as handle:
            data = handle.read()
        resource = _sub(info, "resource")
        _sub(resource, "resourceDesc", EXPORT_RESOURCE)
        _sub(resource, "mimeType", bulletin.audio_mime or "audio/mpeg")
        _sub(resource, "size", str(len(data)))
        site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
        _sub(resource, "uri", site + reverse("outreach:bulletin-audio", args=[bulletin.pk]))
        _sub(resource, "digest", hashlib.sha1(data).hexdigest())  # noqa: S324 - CAP 1.2 says SHA-1
    for unit in _area_units(bulletin):
        area = _sub(info, "area")
        _sub(area, "areaDesc", unit.name)
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", GEOCODE_NAME)
        _sub(geocode, "value", unit.code)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(xml)  # ours must pass the schema as anyone else's
    return bytes(xml)
