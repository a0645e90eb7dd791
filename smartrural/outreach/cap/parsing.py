"""Reading a CAP 1.2 file: size limit, a safe parser, the OASIS schema check, and the parsed
alert (see the package's docstring)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from smartrural.core.errors import ValidationFailed

from ..models import (
    Priority,
)
from ..speech import max_chars

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA_PATH = Path(__file__).parent.parent / "data" / "CAP-v1.2.xsd"
GEOCODE_NAME = "GSO"
ICT = dt.timezone(dt.timedelta(hours=7))
DEFAULT_VALIDITY = dt.timedelta(hours=24)
EMERGENCY_SEVERITIES = frozenset({"Extreme", "Severe"})
EMERGENCY_URGENCIES = frozenset({"Immediate", "Expected"})


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
