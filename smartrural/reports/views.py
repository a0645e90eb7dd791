"""Dashboard pages and exports: parse the filter, gate the unit, read, respond."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartrural.criteria.selectors import as_of_for_year

from . import exports
from .charts import progress_chart
from .evaluation import unit_evaluation_context
from .schematic import level_labels, schematic_map
from .selectors import (
    Dashboard,
    access_dashboard_unit,
    ancestors_of,
    dashboard,
    default_year,
    headline,
    top_unit_for_user,
    years_with_data,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default_year(years)
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise BadRequest(
            _("The year must be a number between %(min)s and %(max)s.")
            % {
                "min": MIN_YEAR,
                "max": MAX_YEAR,
            }
        )
    return int(raw)


def _dashboard_for(request: HttpRequest) -> tuple[Dashboard | None, int, list[int]]:
    """The dashboard of the requested unit (default: the user's top unit) and year."""
    years = years_with_data()
    year = _year(request, years)
    as_of = as_of_for_year(year)
    code = request.GET.get("unit", "").strip()
    if code:
        unit = access_dashboard_unit(request.user, code, as_of=as_of)
    else:
        found = top_unit_for_user(request.user, as_of=as_of)
        if found is None:
            return None, year, years
        unit = found
    return dashboard(user=request.user, unit=unit, year=year, years=years), year, years


@require_GET
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    data, year, years = _dashboard_for(request)
    context: dict[str, Any] = {"data": data, "year": year, "years": sorted({*years, year})}
    if data is not None:
        context.update(
            ancestors=ancestors_of(data.unit, request.user),
            ntm=headline(data, "ntm"),
            advanced=headline(data, "advanced"),
            model=headline(data, "model"),
            districts=headline(data, "districts"),
            chart=progress_chart(data.progress),
            map_data=schematic_map(data),
            level_labels=level_labels(),
            query=request.GET.urlencode(),
        )
    return render(request, "reports/dashboard.html", context)


def _export_unit(request: HttpRequest) -> Dashboard:
    data = _dashboard_for(request)[0]
    if data is None:
        raise Http404(_("You have no unit to report on."))
    return data


@require_GET
@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    data = _export_unit(request)
    response = HttpResponse(exports.dashboard_xlsx(data), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(data, "xlsx")}"'
    return response


@require_GET
@login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    data = _export_unit(request)
    response = HttpResponse(exports.dashboard_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(data, "pdf")}"'
    return response


@require_GET
@login_required
def unit_evaluation(request: HttpRequest, code: str, set_code: str, year: int) -> HttpResponse:
    context = unit_evaluation_context(request.user, code=code, set_code=set_code, year=year)
    return render(request, "reports/unit_evaluation.html", context)
