"""The forms that set up a team and correct it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import posted, submit

from .. import services
from ..forms import TeamForm
from .common import FORM, _detail_url, _form_page, _team


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
