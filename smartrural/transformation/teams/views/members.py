"""A team's members: the form that adds one or corrects one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import posted, submit
from smartrural.transformation.models import CommunityTechTeam, TeamMember

from .. import services
from ..forms import MemberForm
from .common import FORM, _detail_url, _form_page, _member, _team


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
