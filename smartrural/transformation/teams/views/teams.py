"""The list of teams with the year's coverage, and a team's page with its members and
activities."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import held_until, page_year
from smartrural.core.dates import today
from smartrural.transformation.models import CommunityTechTeam

from .. import selectors
from ..forms import TeamFilterForm
from .common import PAGE_SIZE, READ, _crumbs, _team


@login_required
@require_http_methods(READ)
def team_list(request: ActorRequest) -> HttpResponse:
    user = request.user
    year = page_year(
        request,
        data=CommunityTechTeam.objects.filter(established__lte=today()),
        field=held_until("unit__valid_to", "inactive_since"),
        dated_by="until",
    ).year
    communes = selectors.communes_in_scope(user=user, on=selectors.reference_day(year))
    form = TeamFilterForm(request.GET or None, communes=communes, initial={"year": year})
    commune, active = None, None
    if form.is_bound and form.is_valid():
        commune, active = form.commune_unit(), form.active_value()
    teams = selectors.team_list(user=user, year=year, commune=commune, active=active)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "year": year,
        "commune": commune,
        "reference_day": selectors.reference_day(year),
        "coverage": selectors.team_coverage(user=user, year=year, commune=commune),
        "may_write": bool(getattr(user, "can_write", False)),
    }
    return render(request, "transformation/teams/team_list.html", context)


@login_required
@require_http_methods(READ)
def team_detail(request: ActorRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)
    year = page_year(
        request, data=team.activities.all(), field="date", dated_by="date", unit_field=None
    ).year
    totals = selectors.activity_totals(team=team, year=year)
    activities = selectors.team_activities(team=team, year=year)
    context = {
        "team": team,
        "year": year,
        "members": selectors.team_members(team=team),
        "totals": totals,
        "total_activities": sum(t.activities for t in totals),
        "total_households": sum(t.households for t in totals),
        "page": Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page")),
        "crumbs": _crumbs(),
        "may_write": bool(getattr(request.user, "can_write", False)),
    }
    return render(request, "transformation/teams/team_detail.html", context)
