"""Open311 documents in JSON and XML, and the error document.

One value tree (dicts, lists, strings, numbers, booleans, None) renders to both formats. In XML
a list is written as repeated elements named by ``ITEM_TAGS`` (``<services><service>…``), as in
the specification's examples; ``None`` is an empty element, booleans ``true``/``false``.
ElementTree escapes every text, so no user text reaches the document unescaped.
"""

from __future__ import annotations

import json
from typing import Any, Literal
from xml.etree import ElementTree as ET

from django.http import HttpResponse

Format = Literal["json", "xml"]

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

ITEM_TAGS = {
    "service_requests": "request",
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner)
    elif isinstance(value, list):
        tag = ITEM_TAGS[element.tag]
        for inner in value:
            _fill(ET.SubElement(element, tag), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render(fmt: Format, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    """``value`` as the document ``root`` (the XML root; JSON has no root element)."""
    if fmt == "xml":
        return HttpResponse(to_xml(root, value), content_type=XML_TYPE, status=status)
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body.encode(), content_type=JSON_TYPE, status=status)


class Open311Error(Exception):
    """A request the API refuses: one HTTP status, one or more descriptions."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


def render_error(fmt: Format, error: Open311Error) -> HttpResponse:
    """``[{"code": 400, "description": "…"}]`` / ``<errors><error><code>…``."""
    items = [{"code": error.status, "description": d} for d in error.descriptions]
    return render(fmt, "errors", items, status=error.status)
