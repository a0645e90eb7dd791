"""A report as officers read it: everything (contact, channel, who entered it, answers, position,
photos with the originals of redacted ones, the whole timeline with internal notes), its deadline,
and the forms of what may be done now; the originals of its photos; its field history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.history import render_history
from smartrural.core.workdays import working_days_between

from ... import workflow
from ...models import PhotoState, Report
from .common import READ, get_report, may_act, queue_crumb, report_url
from .forms_for import action_forms, moderation_forms


def _deadline(report: Report) -> dict[str, Any]:
    day = today()
    if not report.is_open:
        return {"open": False}
    if day > report.deadline:
        return {"open": True, "overdue": True, "days": working_days_between(report.deadline, day)}
    return {"open": True, "overdue": False, "days": working_days_between(day, report.deadline)}


def _answers(report: Report) -> list[tuple[str, Any]]:
    questions = {a.get("code"): a for a in report.category.attributes or []}
    shown = []
    for code, value in (report.answers or {}).items():
        question = questions.get(code, {})
        text = ", ".join(map(str, value)) if isinstance(value, list) else value
        shown.append((question.get("description") or code, text))
    return shown


def render_report(
    request: ActorRequest,
    report: Report,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The report's page; ``bound``: the action whose form comes back with its errors."""
    acting = may_act(request, report)
    events = list(
        report.events.select_related("by", "from_unit", "to_unit").prefetch_related("photos")
    )
    # The reporter's photos and those attached to replies: each may be blurred or removed.
    photos = list(report.photos.select_related("event").order_by("event_id", "pk"))
    actions = action_forms(request, report) if acting else {}
    moderation = moderation_forms(report, photos, events) if acting else {}
    if bound is not None:
        name, form = bound
        (moderation if name in moderation else actions)[name] = form
    context = {
        "report": report,
        "crumbs": [queue_crumb()],
        "events": [(e, moderation.get(f"take-down-{e.pk}")) for e in events],
        "photos": [
            (p, moderation.get(f"redact-photo-{p.pk}"), moderation.get(f"remove-photo-{p.pk}"))
            for p in photos
        ],
        "deadline": _deadline(report),
        "answers": _answers(report),
        "may_act": acting,
        "actions": actions,
        "moderation": moderation,
        "open_action": bound[0] if bound else "",
        "moves": [(m, workflow.MOVES[m][2]) for m in workflow.moves_from(report.status)],
    }
    return render(request, "feedback/officers/report.html", context, status=status)


@login_required
@require_http_methods(READ)
def report_detail(request: ActorRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    return render_report(request, report)


@login_required
@require_http_methods(READ)
def report_photo(request: ActorRequest, pk: int, photo_id: int, copy: str) -> FileResponse:
    """A photo of the report as stored: the original, or the blurred public copy."""
    report = get_report(request, pk)
    photo = report.photos.filter(pk=photo_id).exclude(state=PhotoState.REMOVED).first()
    if photo is None or copy not in ("original", "public"):
        raise Http404(_("No such photo."))
    file = photo.public_image if copy == "public" else photo.image
    if not file:
        raise Http404(_("No such photo."))
    try:
        handle = file.open("rb")
    except OSError as exc:  # the row outlived its file (a storage restored without it)
        raise Http404(_("No such photo.")) from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(READ)
def report_history(request: ActorRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    return render_history(
        request,
        report,
        title=_("Report #%(pk)s") % {"pk": report.pk},
        back_url=report_url(report),
        breadcrumbs=[queue_crumb(), (report_url(report), f"#{report.pk}")],
    )
