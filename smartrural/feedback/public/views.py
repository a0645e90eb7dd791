"""The published reports: the list (and map) of a commune or province, a report's public page,
its photos, and "me too". Everyone may read them, without an account; what they show is decided
by ``feedback.visibility`` (the templates get its values, never a ``Report``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.core.dates import today
from smartrural.core.page_forms import submit
from smartrural.geo.models import AdministrativeUnit

from .. import tracking
from ..models import OPEN_STATUSES, Report
from ..selectors import public as selectors
from ..services import report_support
from ..visibility import photo_file
from .forms import ReportFilterForm, SupportForm

READ = ["GET", "HEAD"]
PAGE_SIZE = 25
PHOTO_MAX_AGE = 600  # seconds: a moderator's redaction reaches every reader within minutes


@require_http_methods(READ)
def report_index(request: HttpRequest) -> HttpResponse:
    """The province of today's units, or a choice when there are several."""
    provinces = selectors.provinces_today()
    if len(provinces) == 1:
        return redirect("feedback:unit-reports", code=provinces[0].code)
    return render(request, "feedback/public/index.html", {"provinces": provinces})


@require_http_methods(READ)
def unit_reports(request: HttpRequest, code: str) -> HttpResponse:
    """A commune's or province's list. Its content is the same for every reader, so it is
    rendered once and kept in the cache under a key that changes with every public change (see
    ``_list_key``); the page around it (the reader's menu, language form) is rendered each time."""
    unit = selectors.listed_unit(code=code)
    if unit is None:
        raise Http404(_("No commune or province has the code %(code)s.") % {"code": code})
    key = _list_key(request, unit)
    cached = cache.get(key)
    if cached is None:
        cached = _list_body(request, unit)
        cache.set(key, cached, settings.FEEDBACK_LIST_CACHE_SECONDS)
    status, body = cached
    context = {
        "unit": unit,
        "province": unit.parent if unit.parent_id else None,
        "body": body,  # a SafeString (our template's output, escaped there), kept as such
        "map_enabled": bool(settings.MAP_TILE_URL),
    }
    return render(request, "feedback/public/unit_reports.html", context, status=status)


def _list_key(request: HttpRequest, unit: AdministrativeUnit) -> str:
    """The list's cache key: the unit (and its version), the query string, the language, the
    day (overdue flags change with it) and ``selectors.public_stamp()`` (moves with every report
    event and category edit). What it does not cover — a place renamed, a succession added —
    shows when the entry expires (``FEEDBACK_LIST_CACHE_SECONDS``)."""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    parts = (unit.pk, unit.version, get_language(), today().isoformat(), selectors.public_stamp())
    return "feedback:list:" + ":".join(map(str, parts)) + ":" + query


def _list_body(request: HttpRequest, unit: AdministrativeUnit) -> tuple[int, SafeString]:
    """The list's content (status and HTML): counts, filters, a page of reports, the map."""
    form = ReportFilterForm(request.GET or None, categories=selectors.categories())
    status = 422 if form.is_bound and not form.is_valid() else 200
    filters = form.filters()
    where = selectors.listed(unit)
    counts = selectors.status_counts(where=where, filters=filters)
    paginator = Paginator(selectors.report_list(where=where, filters=filters), PAGE_SIZE)
    paginator.count = _listed(counts, filters.status)  # known already: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "request": request,  # its query string only (the pagination's links)
        "unit": unit,
        "communes": selectors.communes_of(province=unit) if unit.parent_id is None else [],
        "form": form,
        "counts": counts,
        "page": page,
        "reports": selectors.page_reports(list(page.object_list)),
        "map": _map(where, filters),
    }
    return status, render_to_string("feedback/public/_unit_reports_body.html", context)


def _listed(counts: selectors.Counts, status: str) -> int:
    if status == selectors.OPEN:
        return counts.open
    if status == selectors.CLOSED:
        return counts.closed
    if status:
        return next((c.count for c in counts.by_status if c.status == status), 0)
    return counts.total


def _map(where: selectors.Listed, filters: selectors.Filters) -> dict[str, Any] | None:
    """The map's data (tiles and positions only), or None without a tile server."""
    if not settings.MAP_TILE_URL:
        return None
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "report_url": reverse("feedback:report-public", args=[0]),
        "points": selectors.map_points(where=where, filters=filters),
    }


def _report(pk: int) -> Report:
    report = selectors.public_report_by_pk(pk)
    if report is None:
        raise Http404(_("No published report #%(pk)s.") % {"pk": pk})
    return report


def _report_page(
    request: HttpRequest, report: Report, form: SupportForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "report": selectors.report_page(report),
        "timeline": selectors.timeline(report),
        "form": form,
        "may_support": report.status in OPEN_STATUSES,
    }
    return render(request, "feedback/public/report.html", context, status=status)


@require_http_methods(READ)
def report_public(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _report(pk), SupportForm())


@require_POST
def report_support_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Me too": one per person — their account, else the phone they typed, else their
    address (keyed hashes: none of them is stored)."""
    report = _report(pk)
    form = SupportForm(request.POST)
    done, status = submit(
        request,
        form,
        lambda data: report_support(report=report, who_hash=_who(request, data["phone"])),
        message=lambda counted: (
            _("Thank you: your “me too” is counted.")
            if counted
            else _("You already said “me too” on this report; it is counted once.")
        ),
        then=reverse("feedback:report-public", args=[report.pk]),
    )
    if done is not None:
        return done
    return _report_page(request, report, form, status=status)


def _who(request: HttpRequest, phone: str) -> str:
    if request.user.is_authenticated:
        return tracking.keyed_hash(f"account:{request.user.pk}")
    if phone:
        return tracking.keyed_hash(f"phone:{phone}")
    return tracking.keyed_hash(f"address:{request.META.get('REMOTE_ADDR', '')}")


@require_http_methods(READ)
def report_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    """A photo as the public may see it (the blurred copy of a redacted one; 404 when removed),
    cached briefly so a moderator's decision reaches readers soon."""
    photo = selectors.public_photo(report=_report(pk), photo_pk=photo_pk)
    file = photo_file(photo) if photo is not None else None
    if photo is None or file is None:
        raise Http404(_("No such photo."))
    etag = f'"{photo.pk}-{photo.state}-{tracking.code_hash(file.name or "")[:16]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        try:
            response = FileResponse(file.open("rb"), content_type="image/jpeg")
        except OSError:
            raise Http404(_("No such photo.")) from None
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    return response
