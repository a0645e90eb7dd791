"""Moderation from a report's page: hide it from the public or show it again, redact its
public wording, blur a box of a photo or remove it, take down an event's public text. Each
with a reason; a refusal shows the page again with the form and the reason's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import submit

from ...models import PhotoState, Report
from ...services import moderation as services
from ..forms.moderation import HideForm, ReasonForm, RedactPhotoForm, RedactTextForm
from .common import get_report, report_url
from .report import render_report


def _answer(
    request: ActorRequest,
    report: Report,
    name: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    message: str,
) -> HttpResponse:
    done, status = submit(request, form, action, message=message, then=report_url(report))
    if done is not None:
        return done
    return render_report(request, get_report(request, report.pk), bound=(name, form), status=status)


def _set_hidden(request: ActorRequest, pk: int, *, hidden: bool) -> HttpResponse:
    report = get_report(request, pk, action="act")
    form = HideForm(request.POST, prefix="hide")
    message = (
        _("Report #%(pk)s hidden from the public.")
        if hidden
        else _("Report #%(pk)s shown to the public again.")
    ) % {"pk": report.pk}
    return _answer(
        request,
        report,
        "hide",
        form,
        lambda data: services.report_set_hidden(
            report=report,
            version=data["version"],
            hidden=hidden,
            reason=data["reason"],
            by=request.user,
        ),
        message,
    )


@login_required
@require_POST
def report_hide(request: ActorRequest, pk: int) -> HttpResponse:
    return _set_hidden(request, pk, hidden=True)


@login_required
@require_POST
def report_unhide(request: ActorRequest, pk: int) -> HttpResponse:
    return _set_hidden(request, pk, hidden=False)


@login_required
@require_POST
def report_redact(request: ActorRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk, action="act")
    form = RedactTextForm(request.POST, prefix="redact")
    return _answer(
        request,
        report,
        "redact",
        form,
        lambda data: services.report_redact_text(
            report=report,
            version=data["version"],
            public_description=data["public_description"],
            reason=data["reason"],
            by=request.user,
        ),
        _("Public wording of report #%(pk)s saved.") % {"pk": report.pk},
    )


def _photo(report: Report, photo_id: int) -> Any:
    photo = report.photos.filter(pk=photo_id).exclude(state=PhotoState.REMOVED).first()
    if photo is None:
        raise Http404(_("No such photo."))
    return photo


@login_required
@require_POST
def photo_redact(request: ActorRequest, pk: int, photo_id: int) -> HttpResponse:
    report = get_report(request, pk, action="act")
    photo = _photo(report, photo_id)
    form = RedactPhotoForm(request.POST, prefix=f"rp{photo.pk}")
    return _answer(
        request,
        report,
        f"redact-photo-{photo.pk}",
        form,
        lambda data: services.photo_redact(
            photo=photo, boxes=[form.box()], reason=data["reason"], by=request.user
        ),
        _("The box is blurred on the public copy of the photo."),
    )


@login_required
@require_POST
def photo_remove(request: ActorRequest, pk: int, photo_id: int) -> HttpResponse:
    report = get_report(request, pk, action="act")
    photo = _photo(report, photo_id)
    form = ReasonForm(request.POST, prefix=f"xp{photo.pk}")
    return _answer(
        request,
        report,
        f"remove-photo-{photo.pk}",
        form,
        lambda data: services.photo_remove(photo=photo, reason=data["reason"], by=request.user),
        _("The photo is removed."),
    )


@login_required
@require_POST
def event_take_down(request: ActorRequest, pk: int, event_id: int) -> HttpResponse:
    report = get_report(request, pk, action="act")
    event = report.events.filter(pk=event_id).first()
    if event is None:
        raise Http404(_("No such entry."))
    form = ReasonForm(request.POST, prefix=f"td{event.pk}")
    return _answer(
        request,
        report,
        f"take-down-{event.pk}",
        form,
        lambda data: services.event_take_down(event=event, reason=data["reason"], by=request.user),
        _("The public text is taken down."),
    )
