"""An offering's page, its history and its evidence file."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.history import render_history
from smartrural.transformation.models import ServiceOffering

from ..forms import OfferingEndForm
from .common import READ, _detail_url, _list_crumb, _offering, _root_crumb


def _render_detail(
    request: ActorRequest,
    offering: ServiceOffering,
    *,
    end_form: OfferingEndForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "offering": offering,
        "evidence_name": PurePath(offering.evidence.name).name if offering.evidence else "",
        "end_form": end_form
        or OfferingEndForm(initial={"until": today(), "version": offering.version}),
        "ended": offering.until is not None and offering.until < today(),
        "may_write": bool(getattr(request.user, "can_write", False)),
        "crumbs": [_list_crumb()],
    }
    return render(
        request, "transformation/digital_services/offering_detail.html", context, status=status
    )


@login_required
@require_http_methods(READ)
def offering_detail(request: ActorRequest, offering_id: int) -> HttpResponse:
    return _render_detail(request, _offering(request, offering_id))


@login_required
@require_http_methods(READ)
def offering_history(request: ActorRequest, offering_id: int) -> HttpResponse:
    offering = _offering(request, offering_id)
    title = f"{offering.unit.name} — {offering.service.name}"
    return render_history(
        request,
        offering,
        title=title,
        back_url=_detail_url(offering),
        breadcrumbs=[_root_crumb(), _list_crumb(), (_detail_url(offering), title)],
    )


@login_required
@require_http_methods(READ)
def offering_evidence(request: ActorRequest, offering_id: int) -> FileResponse:
    offering = _offering(request, offering_id)
    if not offering.evidence:
        raise Http404(_("This offering has no evidence file."))
    return FileResponse(
        offering.evidence.open("rb"),
        as_attachment=True,
        filename=PurePath(offering.evidence.name).name,
        content_type=offering.evidence_content_type or "application/octet-stream",
    )
