"""What a team helped households with: record an activity, delete a mistaken one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import posted, submit
from smartrural.transformation.access import object_in_scope
from smartrural.transformation.models import TeamActivity

from .. import services
from ..forms import ActivityForm
from .common import FORM, _detail_url, _form_page, _team


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
