"""An official who left the programme or came back, and an official's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history

from ...buttons import post_action
from .. import selectors, services
from .common import history_crumbs, officials_crumb
from .officials import detail_url


def _set_active(request: ActorRequest, official_id: int, *, active: bool) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id, write=True)
    done = (
        _("%(name)s is active again.")
        if active
        else _("%(name)s is deactivated: no longer counted among the programme's officials.")
    )
    return post_action(
        request,
        lambda: services.official_set_active(official=official, active=active, by=request.user),
        done=done % {"name": official.full_name},
        then=detail_url(official),
    )


@login_required
@require_POST
def official_deactivate(request: ActorRequest, official_id: int) -> HttpResponse:
    return _set_active(request, official_id, active=False)


@login_required
@require_POST
def official_reactivate(request: ActorRequest, official_id: int) -> HttpResponse:
    return _set_active(request, official_id, active=True)


@login_required
@require_http_methods(["GET", "HEAD"])
def official_history(request: ActorRequest, official_id: int) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id)
    return render_history(
        request,
        official,
        title=official.full_name,
        back_url=detail_url(official),
        breadcrumbs=history_crumbs(officials_crumb(), (detail_url(official), official.full_name)),
    )
