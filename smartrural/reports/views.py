"""Dashboard pages: parse the filter, gate the unit, read, respond (exports: ``export_views``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.dashboards import access_dashboard_unit, ancestors_of, top_unit_for_user
from smartrural.accounts.reference import note_reference, year_reference
from smartrural.core.errors import ValidationFailed
from smartrural.criteria.models import IndicatorValue

from .charts import progress_chart
from .evaluation import unit_evaluation_context
from .schematic import level_labels, schematic_map
from .selectors import Dashboard, dashboard, headline, years_with_data


def dashboard_for(request: ActorRequest) -> tuple[Dashboard | None, int, list[int]]:
    """The dashboard of the requested unit (default: the user's top unit) and year (default: the
    latest with indicator values among the user's units, by the reference-date rule)."""
    years = years_with_data()
    try:
        reference = year_reference(
            user=request.user,
            asked=request.GET.get("year"),
            data=IndicatorValue.objects.all(),
            field="year",
        )
    except ValidationFailed as exc:
        raise BadRequest(exc.message) from exc
    note_reference(request, reference)
    year, as_of = reference.year, reference.as_of
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
def dashboard_view(request: ActorRequest) -> HttpResponse:
    data, year, years = dashboard_for(request)
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


@require_GET
@login_required
def unit_evaluation(request: ActorRequest, code: str, set_code: str, year: int) -> HttpResponse:
    context = unit_evaluation_context(request.user, code=code, set_code=set_code, year=year)
    return render(request, "reports/unit_evaluation.html", context)
