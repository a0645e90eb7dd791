"""The query of ``GET requests``: which published reports, in which window.

- ``service_request_id``: a comma list of ids; it overrides every other parameter (spec).
- ``service_code``: a comma list of service codes (an unknown one is a 400).
- ``start_date``/``end_date``: ISO 8601 date-times (an offset or ``Z``; without one, Viet Nam's
  time; a date alone is its midnight). Neither: the last 90 days; one: 90 days from or to it;
  both: at most 90 days apart.
- ``status``: ``open``, ``closed`` or both, comma-separated.
At most ``MAX_RESULTS`` reports, the most recent first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from ..models import OPEN_STATUSES, Category, Report, Status
from .formats import Open311Error

WINDOW = dt.timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 1000
STATUSES = {"open": sorted(OPEN_STATUSES), "closed": sorted(set(Status) - OPEN_STATUSES)}


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_when(value: str, field: str) -> dt.datetime:
    text = value.strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = dt.datetime.combine(day, dt.time())
    if moment is None:
        raise Open311Error(
            400,
            _("%(field)s is not an ISO 8601 date and time (e.g. 2026-12-03T09:00:00+07:00).")
            % {"field": field},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _ids(value: str) -> list[int]:
    parts = _comma_list(value)
    if len(parts) > MAX_IDS:
        raise Open311Error(400, _("service_request_id lists at most %(n)s ids.") % {"n": MAX_IDS})
    if not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts):
        raise Open311Error(400, _("service_request_id must be numbers separated by commas."))
    return [int(p) for p in parts]


def _window(params: Mapping[str, str]) -> tuple[dt.datetime, dt.datetime]:
    start_text, end_text = params.get("start_date", ""), params.get("end_date", "")
    start = parse_when(start_text, "start_date") if start_text.strip() else None
    end = parse_when(end_text, "end_date") if end_text.strip() else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        assert end is not None
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may be at most 90 days apart."))
    return start, end


def _statuses(value: str) -> list[str]:
    wanted = _comma_list(value)
    unknown = [w for w in wanted if w not in STATUSES]
    if unknown:
        raise Open311Error(
            400, _("status is open or closed, not “%(value)s”.") % {"value": unknown[0]}
        )
    return [s for w in wanted for s in STATUSES[w]]


def _codes(value: str) -> list[int]:
    codes = _comma_list(value)
    found = dict(Category.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise Open311Error(
            400, _("No service with service_code “%(code)s”.") % {"code": unknown[0][:50]}
        )
    return list(found.values())


def select(reports: QuerySet[Report], params: Mapping[str, str]) -> QuerySet[Report]:
    """``reports`` (the published ones) filtered by the query ``params``."""
    ids_text = params.get("service_request_id", "")
    if ids_text.strip():
        return reports.filter(pk__in=_ids(ids_text))[:MAX_RESULTS]
    start, end = _window(params)
    reports = reports.filter(submitted_at__gte=start, submitted_at__lte=end)
    if params.get("service_code", "").strip():
        reports = reports.filter(category_id__in=_codes(params["service_code"]))
    if params.get("status", "").strip():
        reports = reports.filter(status__in=_statuses(params["status"]))
    return reports.order_by("-submitted_at", "-pk")[:MAX_RESULTS]
