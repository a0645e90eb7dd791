"""The form that records an offering or corrects one, with its evidence file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import posted, posted_files, submit
from smartrural.transformation.models import ServiceOffering

from .. import selectors, services
from ..forms import OfferingForm
from .common import FORM, _detail_url, _form_page, _list_crumb, _offering


def _offering_form(request: ActorRequest, offering: ServiceOffering | None) -> HttpResponse:
    editing = offering is not None
    available = list(selectors.catalogue(active_only=True))
    initial = {}
    if offering is not None:
        if not offering.service.active:
            available.append(offering.service)
        initial = {
            "unit": offering.unit.code,
            "service": offering.service.code,
            "since": offering.since,
            "until": offering.until,
            "note": offering.note,
            "version": offering.version,
        }
    form = OfferingForm(
        posted(request),
        posted_files(request),
        services=available,
        editing=editing,
        initial=initial,
    )

    def save(data: dict[str, Any]) -> ServiceOffering:
        fields = {
            "unit_code": data["unit"],
            "service": form.chosen_service(),
            "since": data["since"],
            "until": data["until"],
            "note": data["note"],
            "evidence": data["evidence"],
            "by": request.user,
        }
        if offering is None:
            return services.offering_create(**fields)
        return services.offering_update(
            offering=offering,
            remove_evidence=data["remove_evidence"],
            version=data["version"],
            **fields,
        )

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: (
            _("%(unit)s offers “%(service)s”: saved.")
            % {"unit": saved.unit.name, "service": saved.service.name}
        ),
        then=_detail_url,
    )
    if done is not None:
        return done
    crumbs = [_list_crumb()]
    if offering is not None:
        crumbs.append((_detail_url(offering), f"{offering.unit.name} — {offering.service.name}"))
    notice = ""
    if not available:
        notice = _("The catalogue has no service yet: the province office fills it first.")
    return _form_page(
        request,
        form=form,
        title=_("Edit the offering") if editing else _("Record a service offered by a unit"),
        submit=_("Save"),
        crumbs=crumbs,
        cancel=_detail_url(offering) if offering else reverse("transformation:offering-list"),
        status=status,
        multipart=True,
        notice=notice,
    )


@login_required
@require_http_methods(FORM)
def offering_create(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    return _offering_form(request, None)


@login_required
@require_http_methods(FORM)
def offering_edit(request: ActorRequest, offering_id: int) -> HttpResponse:
    return _offering_form(request, _offering(request, offering_id, write=True))
