"""Public results pages (no login): a province, district or commune, for a year."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.core.dates import parse_as_of, parse_year, today
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from .results import (
    default_year,
    public_province,
    public_unit,
    unit_results,
    years_with_results,
)


def _bad_input(request: HttpRequest, message: str) -> HttpResponse:
    context = {"status": 400, "title": _("Bad request"), "message": message}
    return render(request, "core/error.html", context, status=400)


@require_http_methods(["GET", "HEAD"])
def province(request: HttpRequest) -> HttpResponse:
    """The province's results: the one valid in the year asked, by default in the latest year
    with results anywhere."""
    raw = request.GET.get("year", "").strip()
    try:
        asked = parse_year(raw) if raw else None
    except ValidationFailed as exc:
        return _bad_input(request, exc.message)
    found = public_province(asked)
    if found is None:
        year = asked if asked is not None else today().year
        raise Http404(_("No province is recorded for %(year)s.") % {"year": year})
    unit, year = found
    return _page(request, unit, year)


@require_http_methods(["GET", "HEAD"])
def unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's results: on 1 July of ``year``, or the unit as it was on ``as_of`` (the unit
    page's link) in the latest year with results."""
    raw = request.GET.get("year", "").strip()
    raw_as_of = request.GET.get("as_of", "").strip()
    try:
        asked = parse_year(raw) if raw else None
        on = parse_as_of(raw_as_of) if raw_as_of and asked is None else None
    except ValidationFailed as exc:
        return _bad_input(request, exc.message)
    found = public_unit(code, asked, on)
    return _page(request, found, asked)


def _page(request: HttpRequest, unit: AdministrativeUnit, year: int | None) -> HttpResponse:
    years = years_with_results(unit)
    shown = year if year is not None else default_year(years, unit)
    data = unit_results(unit, shown, years)
    context = {"data": data, "years": sorted({*years, shown})}
    return render(request, "reports/results.html", context)
