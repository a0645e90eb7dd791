"""Categories and reports as Open311 services and service requests.

What the public may read follows the public pages' rules (``feedback.visibility``): a
hidden report does not exist; the text is the moderator's public wording when there is one;
``status_notes`` is the latest public text of a public event not taken down. Names, phones,
e-mails, internal notes and officers never appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from smartrural.geo.models import Level

from ..models import OPEN_STATUSES, Category, Report, ReportEvent
from ..visibility import PUBLIC_EVENT_KINDS, public_reports_q

END_OF_DAY = dt.time(23, 59, 59)


def public_reports() -> QuerySet[Report]:
    return Report.objects.filter(public_reports_q()).select_related(
        "category", "place", "responsible_unit"
    )


def iso(value: dt.datetime) -> str:
    """ISO 8601 in Viet Nam's time with its offset: 2026-12-03T09:00:00+07:00."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def end_of_day(day: dt.date) -> str:
    return iso(timezone.make_aware(dt.datetime.combine(day, END_OF_DAY)))


def service(category: Category, group: str) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ", ".join(category.keywords.split()),
        "group": group,
    }


def attribute(spec: dict[str, Any], position: int) -> dict[str, Any]:
    datatype = str(spec.get("datatype", "string"))
    return {
        "variable": True,
        "code": str(spec["code"]),
        "datatype": datatype,
        "required": bool(spec.get("required", False)),
        "datatype_description": str(spec.get("datatype_description", "")),
        "order": int(spec.get("order", position)),
        "description": str(spec.get("description", "")),
        "values": [
            {"key": str(v["key"]), "name": str(v["name"])} for v in spec.get("values", []) or []
        ],
    }


def service_definition(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [attribute(a, i + 1) for i, a in enumerate(category.attributes or [])],
    }


def _notes(report_ids: list[int]) -> dict[int, tuple[dt.datetime, str]]:
    """For each report, the time of its latest public event and its latest public text."""
    found: dict[int, tuple[dt.datetime, str]] = {}
    events = (
        ReportEvent.objects.filter(report_id__in=report_ids, kind__in=PUBLIC_EVENT_KINDS)
        .order_by("at", "pk")
        .values_list("report_id", "at", "public_text", "public_text_hidden")
    )
    for report_id, at, text, hidden in events:
        previous = found.get(report_id, (at, ""))[1]
        found[report_id] = (at, text if text and not hidden else previous)
    return found


def _address(report: Report) -> str:
    return report.address or report.place.name


def _address_id(report: Report) -> str:
    return report.place.code if report.place.level in (Level.HAMLET, Level.COMMUNE) else ""


def service_requests(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """The public fields of ``reports`` (from ``public_reports()``), one query for the notes."""
    rows = list(reports)
    notes = _notes([r.pk for r in rows])
    return [service_request(r, notes.get(r.pk)) for r in rows]


def service_request(report: Report, note: tuple[dt.datetime, str] | None) -> dict[str, Any]:
    updated, text = note or (report.status_changed_at, "")
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": text,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.public_description or report.description,
        "agency_responsible": report.responsible_unit.name,
        "service_notice": "",
        "requested_datetime": iso(report.submitted_at),
        "updated_datetime": iso(max(updated, report.status_changed_at)),
        "expected_datetime": end_of_day(report.deadline),
        "address": _address(report),
        "address_id": _address_id(report),
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": "",
    }
