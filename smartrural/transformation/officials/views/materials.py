"""An event's materials: uploaded, downloaded behind the event's gate, deleted."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import act, submit

from .. import selectors, services
from ..forms import MaterialForm
from .training import detail_url, refused_on, render_detail


@login_required
@require_POST
def material_upload(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    form = MaterialForm(request.POST, request.FILES)
    done, status = submit(
        request,
        form,
        lambda data: services.material_add(
            event=event, title=data["title"], upload=data["file"], by=request.user
        ),
        message=lambda material: _("%(title)s uploaded.") % {"title": material.title},
        then=detail_url(event) + "#materials",
    )
    return done or render_detail(request, event, status=status, material_form=form)


@login_required
@require_http_methods(["GET", "HEAD"])
def material_download(request: ActorRequest, event_id: int, material_id: int) -> FileResponse:
    event = selectors.event_for_user(request.user, event_id)
    material = event.materials.filter(pk=material_id).first()
    if material is None or not material.file:
        raise Http404(_("No such material."))
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this material is missing.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=PurePath(material.file.name).name,
        content_type=material.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def material_delete(request: ActorRequest, event_id: int, material_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    material = event.materials.filter(pk=material_id).first()
    if material is None:
        raise Http404(_("No such material."))
    return act(
        request,
        lambda: services.material_delete(material=material, by=request.user),
        message=_("%(title)s deleted.") % {"title": material.title},
        then=detail_url(event) + "#materials",
        refused=refused_on(request, event),
    )
