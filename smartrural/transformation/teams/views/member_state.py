"""A member who left the team or came back, and a member's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history

from ...buttons import post_action
from .. import services
from .common import READ, _detail_url, _history_crumbs, _member


def _set_member_active(
    request: ActorRequest, team_id: int, member_id: int, *, active: bool
) -> HttpResponse:
    member = _member(request, team_id, member_id, write=True)
    done = _("%(name)s is active again.") if active else _("%(name)s deactivated.")
    return post_action(
        request,
        lambda: services.member_set_active(member=member, active=active, by=request.user),
        done=done % {"name": member.full_name},
        then=_detail_url(member.team),
    )


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
