"""The digital transformation dashboard and its periodic report (Excel, PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.dashboards import ancestors_of
from smartrural.accounts.reference import note_reference
from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import XLSX, tables_pdf, tables_xlsx

from .dashboard import level_label
from .dashboard.chart import trend_chart
from .dashboard.data import DashboardData, dashboard_data
from .dashboard.query import period_from, reference_of, unit_from
from .dashboard.report import report_filename, report_tables, report_title


def _data(request: ActorRequest) -> DashboardData | None:
    period = period_from(request.GET, request.user)
    note_reference(request, reference_of(period, request.GET))
    unit = unit_from(request.GET, request.user, period)
    if unit is None:
        return None
    return dashboard_data(
        unit=unit, period=period, user=request.user, sort=request.GET.get("sort", "")
    )


@require_GET
@login_required
def dashboard(request: ActorRequest) -> HttpResponse:
    try:
        data = _data(request)
    except ValidationFailed as exc:
        return render(request, "transformation/dashboard.html", {"error": exc.message}, status=400)
    context: dict[str, Any] = {"data": data}
    if data is not None:
        context.update(
            ancestors=ancestors_of(data.unit, request.user),
            trend_levels=[(level, level_label(level)) for level in data.trend_levels],
            platform=[(level_label(level), n) for level, n in data.report.platform.items()],
            months=range(1, 13),
            chart=trend_chart(data.trend),
            query=request.GET.urlencode(),
        )
    return render(request, "transformation/dashboard.html", context)


def _report(request: ActorRequest) -> DashboardData:
    try:
        data = _data(request)
    except ValidationFailed as exc:
        raise BadRequest(exc.message) from exc
    if data is None:
        raise Http404(_("You have no unit to report on."))
    return data


@require_GET
@login_required
def report_xlsx(request: ActorRequest) -> HttpResponse:
    data = _report(request)
    response = HttpResponse(tables_xlsx(report_title(data), report_tables(data)), XLSX)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data, "xlsx")}"'
    return response


@require_GET
@login_required
def report_pdf(request: ActorRequest) -> HttpResponse:
    data = _report(request)
    response = HttpResponse(
        tables_pdf(report_title(data), report_tables(data)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data, "pdf")}"'
    return response
