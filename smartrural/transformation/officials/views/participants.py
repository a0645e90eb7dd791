"""Writes on the event page: participants (add, add a unit's officials, attendance, remove) and
materials (upload, gated download, delete)."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import add_domain_error, submit
from smartrural.core.versioning import EditConflict

from .. import selectors, services
from ..forms import AddUnitForm, MaterialForm, ParticipantAddForm, attendance_changes
from .trainings import detail_url, render_detail


def _added(request: ActorRequest, added: int) -> None:
    if added:
        messages.success(
            request,
            ngettext("%(n)s participant added.", "%(n)s participants added.", added) % {"n": added},
        )
    else:
        messages.info(request, _("They were already taking part: nothing added."))


@login_required
@require_POST
def participant_add(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    form = ParticipantAddForm(request.POST, event=event, user=request.user)
    if form.is_valid():
        try:
            added = services.participants_add(
                event=event,
                officials=form.cleaned_data["officials"],
                attendance=form.cleaned_data["attendance"],
                by=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            _added(request, added)
            return redirect(detail_url(event) + "#participants")
    return render_detail(request, event, status=422, add_form=form)


@login_required
@require_POST
def participant_add_unit(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    form = AddUnitForm(request.POST, event=event, user=request.user)
    if form.is_valid():
        try:
            added = services.participants_add_unit(
                event=event,
                unit=form.units[form.cleaned_data["unit"]],
                include_subunits=form.cleaned_data["include_subunits"],
                attendance=form.cleaned_data["attendance"],
                by=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            _added(request, added)
            return redirect(detail_url(event) + "#participants")
    return render_detail(request, event, status=422, unit_form=form)


@login_required
@require_POST
def participant_attendance(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    try:
        attendance, versions = attendance_changes(request.POST)
        changed = services.participants_set_attendance(
            event=event, attendance=attendance, versions=versions, by=request.user
        )
    except EditConflict as exc:
        return render_detail(request, event, status=exc.status_code, conflict=exc)
    except DomainError as exc:
        return render_detail(request, event, status=exc.status_code, error=exc.message)
    messages.success(
        request,
        ngettext("Attendance saved: %(n)s change.", "Attendance saved: %(n)s changes.", changed)
        % {"n": changed},
    )
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(detail_url(event) + suffix + "#participants")


@login_required
@require_POST
def participant_remove(request: ActorRequest, event_id: int, participant_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    participant = event.participants.select_related("official").filter(pk=participant_id).first()
    if participant is None:
        raise Http404(_("No such participant."))
    try:
        services.participant_remove(participant=participant, by=request.user)
    except DomainError as exc:
        return render_detail(request, event, status=exc.status_code, error=exc.message)
    messages.success(
        request,
        _("%(name)s removed from the participants.") % {"name": participant.official.full_name},
    )
    return redirect(detail_url(event) + "#participants")


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
    try:
        services.material_delete(material=material, by=request.user)
    except DomainError as exc:
        return render_detail(request, event, status=exc.status_code, error=exc.message)
    messages.success(request, _("%(title)s deleted.") % {"title": material.title})
    return redirect(detail_url(event) + "#materials")
