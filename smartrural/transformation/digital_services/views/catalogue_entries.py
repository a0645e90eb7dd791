"""A catalogue entry added or corrected through its form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import posted, submit
from smartrural.transformation.models import DigitalService

from .. import services
from ..forms import ServiceForm
from .common import FORM, _catalogue_crumb, _form_page, _list_crumb


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
