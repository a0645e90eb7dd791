"""A catalogue entry withdrawn or put back, and its history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history

from ...buttons import post_action
from .. import services
from .catalogue_entries import _service
from .common import READ, _catalogue_crumb, _list_crumb, _root_crumb


def _set_service_active(request: ActorRequest, service_id: int, *, active: bool) -> HttpResponse:
    require_province_office(request.user)
    service = _service(service_id)
    done = (
        _("“%(name)s” is back in the catalogue.")
        if active
        else _("“%(name)s” was taken out of the catalogue; its offerings no longer count.")
    )
    return post_action(
        request,
        lambda: services.service_set_active(service=service, active=active, by=request.user),
        done=done % {"name": service.name},
        then="transformation:service-catalogue",
    )


@login_required
@require_POST
def service_deactivate(request: ActorRequest, service_id: int) -> HttpResponse:
    return _set_service_active(request, service_id, active=False)


@login_required
@require_POST
def service_reactivate(request: ActorRequest, service_id: int) -> HttpResponse:
    return _set_service_active(request, service_id, active=True)


@login_required
@require_http_methods(READ)
def service_history(request: ActorRequest, service_id: int) -> HttpResponse:
    service = _service(service_id)
    return render_history(
        request,
        service,
        title=service.name,
        back_url=reverse("transformation:service-catalogue"),
        breadcrumbs=[_root_crumb(), _list_crumb(), _catalogue_crumb()],
    )
