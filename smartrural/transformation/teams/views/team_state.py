"""A team stopped or started again, and its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history

from ...buttons import post_action
from .. import services
from ..forms import StoppedOnForm
from .common import READ, _detail_url, _history_crumbs, _team


def _set_team_active(request: ActorRequest, team_id: int, *, active: bool) -> HttpResponse:
    team = _team(request, team_id, write=True)
    form = StoppedOnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the day the team stopped as dd/mm/yyyy."))
        return redirect(_detail_url(team))
    done = _("Team “%(name)s” reactivated.") if active else _("Team “%(name)s” deactivated.")
    return post_action(
        request,
        lambda: services.team_set_active(
            team=team, active=active, on=form.cleaned_data["on"], by=request.user
        ),
        done=done % {"name": team.name},
        then=_detail_url(team),
    )


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
