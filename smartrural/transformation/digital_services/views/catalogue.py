"""The catalogue page (the province office's list of services) and the load of the standard
catalogue into an empty one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act

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
    catalogue = reverse("transformation:service-catalogue")

    def refused(exc: DomainError) -> HttpResponse:
        messages.error(request, exc.message)  # the catalogue page says why, as before
        return redirect(catalogue)

    return act(
        request,
        lambda: services.catalogue_load_standard(by=request.user),
        message=lambda added: (
            _("The standard catalogue was loaded: %(n)s services.") % {"n": added}
        ),
        then=catalogue,
        refused=refused,
    )
