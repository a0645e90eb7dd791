"""Pages of the community technology teams: list with coverage, team page, team, member and
activity forms, histories. Thin: parse input, pass the access gate, call a service, respond."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import held_until, page_year
from smartrural.core.dates import today
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import posted, submit
from smartrural.transformation.access import object_in_scope
from smartrural.transformation.models import CommunityTechTeam, TeamActivity, TeamMember

from . import selectors, services
from .forms import ActivityForm, MemberForm, StoppedOnForm, TeamFilterForm, TeamForm

PAGE_SIZE = 25
T = TypeVar("T")
READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]


def _crumbs(team: CommunityTechTeam | None = None) -> list[tuple[str, str]]:
    """Breadcrumbs after "Digital transformation" (which the section's base template shows)."""
    crumbs = [(reverse("transformation:team-list"), _("Technology teams"))]
    if team is not None:
        crumbs.append((_detail_url(team), team.name))
    return crumbs


def _history_crumbs(team: CommunityTechTeam) -> list[tuple[str, str]]:
    """The shared history page has no section base: it gets every breadcrumb."""
    return [("/transformation/", _("Digital transformation")), *_crumbs(team)]


def _detail_url(team: CommunityTechTeam) -> str:
    return reverse("transformation:team-detail", args=[team.pk])


def _team(request: ActorRequest, team_id: int, *, write: bool = False) -> CommunityTechTeam:
    queryset = CommunityTechTeam.objects.select_related("unit__parent")
    return object_in_scope(queryset, request.user, team_id, write=write)


def _member(request: ActorRequest, team_id: int, member_id: int, *, write: bool) -> TeamMember:
    team = _team(request, team_id, write=write)
    member = object_in_scope(
        TeamMember.objects.filter(team=team).select_related("team__unit"),
        request.user,
        member_id,
        unit_field="team__unit",
    )
    return member


def _form_page(
    request: ActorRequest,
    *,
    form: forms.Form,
    title: str,
    submit: str,
    team: CommunityTechTeam | None,
    status: int,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "team": team,
        "crumbs": _crumbs(team),
        "cancel": _detail_url(team) if team else reverse("transformation:team-list"),
    }
    return render(request, "transformation/teams/form_page.html", context, status=status)


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
@require_http_methods(FORM)
def team_create(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = TeamForm(posted(request))
    done, status = submit(
        request,
        form,
        lambda data: services.team_create(
            unit_code=data["unit"],
            name=data["name"],
            established=data["established"],
            by=request.user,
        ),
        message=lambda team: _("Team “%(name)s” created.") % {"name": team.name},
        then=_detail_url,
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form=form,
        title=_("New community technology team"),
        submit=_("Create the team"),
        team=None,
        status=status,
    )


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


@login_required
@require_http_methods(FORM)
def team_edit(request: ActorRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id, write=True)
    initial = {
        "unit": team.unit.code,
        "name": team.name,
        "established": team.established,
        "version": team.version,
    }
    form = TeamForm(posted(request), initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.team_update(
            team=team,
            unit_code=data["unit"],
            name=data["name"],
            established=data["established"],
            version=data["version"],
            by=request.user,
        ),
        message=lambda saved: _("Team “%(name)s” saved.") % {"name": saved.name},
        then=_detail_url,
    )
    if done is not None:
        return done
    return _form_page(
        request, form=form, title=_("Edit the team"), submit=_("Save"), team=team, status=status
    )


def _set_team_active(request: ActorRequest, team_id: int, *, active: bool) -> HttpResponse:
    team = _team(request, team_id, write=True)
    form = StoppedOnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the day the team stopped as dd/mm/yyyy."))
        return redirect(_detail_url(team))
    try:
        services.team_set_active(
            team=team, active=active, on=form.cleaned_data["on"], by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_detail_url(team))
    if active:
        messages.success(request, _("Team “%(name)s” reactivated.") % {"name": team.name})
    else:
        messages.success(request, _("Team “%(name)s” deactivated.") % {"name": team.name})
    return redirect(_detail_url(team))


@login_required
@require_POST
def team_deactivate(request: ActorRequest, team_id: int) -> HttpResponse:
    return _set_team_active(request, team_id, active=False)


@login_required
@require_POST
def team_reactivate(request: ActorRequest, team_id: int) -> HttpResponse:
    return _set_team_active(request, team_id, active=True)


@login_required
@require_http_methods(READ)
def team_history(request: ActorRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)
    return render_history(
        request,
        team,
        title=team.name,
        back_url=_detail_url(team),
        breadcrumbs=_history_crumbs(team),
    )


def _member_page(
    request: ActorRequest, team: CommunityTechTeam, member: TeamMember | None
) -> HttpResponse:
    initial = {}
    if member is not None:
        initial = {
            "full_name": member.full_name,
            "role": member.role,
            "phone": member.phone,
            "version": member.version,
        }
    form = MemberForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> TeamMember:
        if member is None:
            data.pop("version", None)
            return services.member_add(team=team, **data, by=request.user)
        return services.member_update(member=member, **data, by=request.user)

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: _("%(name)s saved.") % {"name": saved.full_name},
        then=_detail_url(team),
    )
    if done is not None:
        return done
    title = _("Add a member") if member is None else _("Edit a member")
    return _form_page(request, form=form, title=title, submit=_("Save"), team=team, status=status)


@login_required
@require_http_methods(FORM)
def member_add(request: ActorRequest, team_id: int) -> HttpResponse:
    return _member_page(request, _team(request, team_id, write=True), None)


@login_required
@require_http_methods(FORM)
def member_edit(request: ActorRequest, team_id: int, member_id: int) -> HttpResponse:
    member = _member(request, team_id, member_id, write=True)
    return _member_page(request, member.team, member)


def _set_member_active(
    request: ActorRequest, team_id: int, member_id: int, *, active: bool
) -> HttpResponse:
    member = _member(request, team_id, member_id, write=True)
    try:
        services.member_set_active(member=member, active=active, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": member.full_name})
        else:
            messages.success(request, _("%(name)s deactivated.") % {"name": member.full_name})
    return redirect(_detail_url(member.team))


@login_required
@require_POST
def member_deactivate(request: ActorRequest, team_id: int, member_id: int) -> HttpResponse:
    return _set_member_active(request, team_id, member_id, active=False)


@login_required
@require_POST
def member_reactivate(request: ActorRequest, team_id: int, member_id: int) -> HttpResponse:
    return _set_member_active(request, team_id, member_id, active=True)


@login_required
@require_http_methods(READ)
def member_history(request: ActorRequest, team_id: int, member_id: int) -> HttpResponse:
    member = _member(request, team_id, member_id, write=False)
    return render_history(
        request,
        member,
        title=member.full_name,
        back_url=_detail_url(member.team),
        breadcrumbs=_history_crumbs(member.team),
    )


@login_required
@require_http_methods(FORM)
def activity_add(request: ActorRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id, write=True)
    form = ActivityForm(posted(request))
    done, status = submit(
        request,
        form,
        lambda data: services.activity_record(team=team, **data, by=request.user),
        message=_("Activity recorded."),
        then=lambda activity: f"{_detail_url(team)}?year={activity.date.year}",
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form=form,
        title=_("Record an activity"),
        submit=_("Record"),
        team=team,
        status=status,
    )


@login_required
@require_POST
def activity_delete(request: ActorRequest, team_id: int, activity_id: int) -> HttpResponse:
    team = _team(request, team_id, write=True)
    activity = object_in_scope(
        TeamActivity.objects.filter(team=team), request.user, activity_id, unit_field="team__unit"
    )
    year = activity.date.year
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("The activity was deleted."))
    return redirect(f"{_detail_url(team)}?year={year}")
