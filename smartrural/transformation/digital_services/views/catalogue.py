"""The catalogue page (the province office's list of services) and the load of the standard
catalogue into an empty one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError

from .. import selectors, services
from .common import READ, _list_crumb


@login_required
@require_http_methods(READ)
def service_catalogue(request: ActorRequest) -> HttpResponse:
    user = request.user
    entries = list(selectors.catalogue())
    context = {
        "services": entries,
        "active_count": sum(1 for s in entries if s.active),
        "may_edit": bool(
            getattr(user, "can_write", False) and getattr(user, "sees_everything", False)
        ),
        "crumbs": [_list_crumb()],
    }
    return render(request, "transformation/digital_services/catalogue.html", context)


@login_required
@require_POST
def catalogue_load(request: ActorRequest) -> HttpResponse:
    require_province_office(request.user)
    try:
        added = services.catalogue_load_standard(by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The standard catalogue was loaded: %(n)s services.") % {"n": added}
        )
    return redirect("transformation:service-catalogue")
