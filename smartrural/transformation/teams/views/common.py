"""What the team pages share: breadcrumbs, the gates that fetch a team or a member in the
reader's scope, and the form page."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import ActorRequest
from smartrural.transformation.access import object_in_scope
from smartrural.transformation.models import CommunityTechTeam, TeamMember

PAGE_SIZE = 25


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
