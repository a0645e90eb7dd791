"""The entry home: the years and sets a user can enter, and the units of the chosen set."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import Scope, scope_for_user
from smartrural.accounts.actor import Actor, ActorRequest
from smartrural.accounts.models import Role
from smartrural.accounts.reference import latest_with_data, note_reference
from smartrural.core.dates import Reference, today
from smartrural.geo.models import LEVEL_DEPTH, AdministrativeUnit, Level

from ..models import CriteriaSet, IndicatorValue
from ..selectors import RURAL_COMMUNE_KINDS, as_of_for_year, compiled
from .common import level_depth

PAGE_SIZE = 50


def _sets_by_year() -> list[tuple[CriteriaSet, int, int]]:
    """Every set with a version and the years it covers (versions prefetched: 2 queries)."""
    out = []
    for criteria_set in CriteriaSet.objects.prefetch_related("versions"):
        versions = sorted(criteria_set.versions.all(), key=lambda v: v.number)
        if versions:
            d = compiled(versions[-1]).definition
            out.append((criteria_set, d.valid_from_year, d.valid_to_year))
    return out


def _int(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


def _units(scope: Scope, criteria_set: CriteriaSet, year: int) -> Any:
    """Units of the set's level in ``scope`` on 1 July of ``year``."""
    units = (
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(scope.unit_q(), level=criteria_set.unit_level)
        .select_related("parent")
        .order_by("path")
    )
    if criteria_set.unit_level == Level.COMMUNE:
        units = units.filter(kind__in=RURAL_COMMUNE_KINDS)
    return units


def _default_year(
    user: Actor, sets: list[tuple[CriteriaSet, int, int]], years: list[int], scope: Scope
) -> int | None:
    """The latest year with indicator values among the user's units (the reference-date rule);
    without any, the latest year up to this one in which the user has units to enter (units
    change with reorganisations), else the latest year up to this one."""
    latest = latest_with_data(
        user=user, data=IndicatorValue.objects.all(), field="year", dated_by="year"
    )
    if latest is not None and latest.year in years:
        return latest.year
    past = [y for y in years if y <= today().year] or years[-1:]
    for year in past:
        for criteria_set, start, end in sets:
            if start <= year <= end and _units(scope, criteria_set, year).exists():
                return year
    return past[0] if past else None


@login_required
@require_http_methods(["GET", "HEAD"])
def entry_home(request: ActorRequest) -> HttpResponse:
    sets = _sets_by_year()
    user = request.user
    scope = scope_for_user(user)
    years = sorted({y for _s, start, end in sets for y in range(start, end + 1)}, reverse=True)
    year = _int(request.GET.get("year"))
    if year not in years:
        year = _default_year(user, sets, years, scope)
    if year is not None:
        asked = _int(request.GET.get("year")) == year
        note_reference(request, Reference.for_year(year, asked=asked))
    valid = [s for s, start, end in sets if year is not None and start <= year <= end]
    chosen = next((s for s in valid if s.code == request.GET.get("set")), None)
    chosen = chosen or (valid[0] if valid else None)
    context: dict[str, Any] = {"years": years, "year": year, "sets": valid, "chosen": chosen}
    if chosen is not None and year is not None:
        units = _units(scope, chosen, year)
        if user.role == Role.COMMUNE_OFFICER and not request.GET.get("set"):
            own = list(units[:2])
            if len(own) == 1:  # a commune officer goes straight to their commune
                return redirect("criteria:entry", chosen.code, year, own[0].code)
        depth = level_depth(chosen.unit_level)
        above = [str(level) for level, d in LEVEL_DEPTH.items() if d < depth]
        context["page"] = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
        context["groups"] = list(
            AdministrativeUnit.objects.valid_on(as_of_for_year(year))
            .filter(scope.unit_q(), level__in=above)
            .order_by("path")[:PAGE_SIZE]
        )
    return render(request, "criteria/entry_home.html", context)
