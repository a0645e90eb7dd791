"""Pages of the catalogue of essential digital services: everyone reads it; the province
office edits it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import posted, submit
from smartrural.transformation.models import DigitalService

from . import selectors, services
from .forms import ServiceForm
from .views import FORM, READ, _catalogue_crumb, _form_page, _list_crumb, _root_crumb


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


def _service(service_id: int) -> DigitalService:
    return get_object_or_404(DigitalService, pk=service_id)


def _service_form(request: ActorRequest, service: DigitalService | None) -> HttpResponse:
    require_province_office(request.user)
    initial = {}
    if service is not None:
        initial = {
            "name": service.name,
            "category": service.category,
            "description": service.description,
            "order": service.order,
            "version": service.version,
        }
    form = ServiceForm(posted(request), editing=service is not None, initial=initial)

    def save(data: dict[str, Any]) -> DigitalService:
        if service is None:
            data.pop("version", None)
            return services.service_create(**data, by=request.user)
        return services.service_update(service=service, **data, by=request.user)

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: _("“%(name)s” saved.") % {"name": saved.name},
        then="transformation:service-catalogue",
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form=form,
        title=_("Add a service") if service is None else _("Edit a service"),
        submit=_("Save"),
        crumbs=[_list_crumb(), _catalogue_crumb()],
        cancel=reverse("transformation:service-catalogue"),
        status=status,
    )


@login_required
@require_http_methods(FORM)
def service_create(request: ActorRequest) -> HttpResponse:
    return _service_form(request, None)


@login_required
@require_http_methods(FORM)
def service_edit(request: ActorRequest, service_id: int) -> HttpResponse:
    require_province_office(request.user)
    return _service_form(request, _service(service_id))


def _set_service_active(request: ActorRequest, service_id: int, *, active: bool) -> HttpResponse:
    require_province_office(request.user)
    service = services.service_set_active(
        service=_service(service_id), active=active, by=request.user
    )
    if active:
        messages.success(
            request, _("“%(name)s” is back in the catalogue.") % {"name": service.name}
        )
    else:
        messages.success(
            request,
            _("“%(name)s” was taken out of the catalogue; its offerings no longer count.")
            % {"name": service.name},
        )
    return redirect("transformation:service-catalogue")


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
