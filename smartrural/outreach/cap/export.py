"""Exporting a published emergency bulletin as a schema-checked CAP 1.2 alert."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from lxml import etree

from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from ..models import (
    Bulletin,
    BulletinStatus,
    Priority,
)
from .parsing import (
    GEOCODE_NAME,
    ICT,
    NS,
    validate,
)

# Our priorities in CAP terms (urgency, severity, certainty).
EXPORT_TERMS = {
    Priority.EMERGENCY: ("Immediate", "Severe", "Likely"),
    Priority.PRIORITY: ("Expected", "Moderate", "Likely"),
    Priority.NORMAL: ("Future", "Minor", "Possible"),
}
# Data of the file (in the language of the alert), not page text.
EXPORT_EVENT = "Thông báo khẩn cấp"
EXPORT_RESOURCE = "Bản tin phát thanh"


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
