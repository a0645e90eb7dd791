"""The actions of a report's page, each posting to its own URL: the lifecycle moves, the
reassignment, the public reply (with photos) and the internal note. A refusal shows the page
again with the form and its reason (422 bad input, 409 an edit conflict or a move no longer
allowed); a read-only viewer gets 403, another unit's officer 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed
from smartrural.core.page_forms import submit

from ... import services
from ...access import reports_for_user
from ...models import Refusal, Report
from ...photos import store_photos
from .common import get_report, report_url
from .forms_for import MOVE_FORMS, action_form
from .report import render_report

ACTIONS = (*MOVE_FORMS, "reassign", "reply", "note")


def _other_report(request: ActorRequest, pk: int | None) -> Report | None:
    if pk is None:
        return None
    other = reports_for_user(request.user).filter(pk=pk).first()
    if other is None:
        raise ValidationFailed(
            _("No report #%(pk)s in your units.") % {"pk": pk}, field="duplicate_of"
        )
    return other


def _run(request: ActorRequest, report: Report, name: str, data: dict[str, Any]) -> Report:
    by, version = request.user, data.get("version")
    text = data.get("public_text", "")
    if name == "refuse":
        return services.report_refuse(
            report=report,
            version=version,
            refusal=data["refusal"],
            public_text=text,
            refer_to=data["refer_to"] if data["refusal"] == Refusal.NOT_COMPETENT else "",
            duplicate_of=(
                _other_report(request, data["duplicate_of"])
                if data["refusal"] == Refusal.DUPLICATE
                else None
            ),
            by=by,
        )
    if name == "assign":
        return services.report_assign(
            report=report, version=version, assignee=data["assignee"], public_text=text, by=by
        )
    if name == "reassign":
        return services.report_reassign(
            report=report, version=version, unit=data["unit"], reason=data["reason"], by=by
        )
    if name == "reply":
        return _reply(report, text, data["photos"], by)
    if name == "note":
        return services.report_note(report=report, internal_text=data["internal_text"], by=by)
    moves: dict[str, Callable[..., Report]] = {
        "accept": services.report_accept,
        "start": services.report_start,
        "resolve": services.report_resolve,
        "close": services.report_close,
    }
    move = moves[name]
    return move(report=report, version=version, public_text=text, by=by)


@transaction.atomic
def _reply(report: Report, text: str, photos: list[Any], by: Any) -> Report:
    services.report_reply(report=report, public_text=text, by=by)
    event = report.events.order_by("-pk").first()
    store_photos(report, photos, event=event)
    return report


def _done_message(name: str, report: Report) -> str:
    messages = {
        "accept": _("Report #%(pk)s accepted."),
        "refuse": _("Report #%(pk)s refused."),
        "assign": _("Report #%(pk)s assigned."),
        "start": _("Work on report #%(pk)s started."),
        "resolve": _("Report #%(pk)s resolved."),
        "close": _("Report #%(pk)s closed."),
        "reassign": _("Report #%(pk)s handed over."),
        "reply": _("Reply to report #%(pk)s published."),
        "note": _("Note added to report #%(pk)s."),
    }
    return messages[name] % {"pk": report.pk}


@login_required
@require_POST
def report_action(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    report = get_report(request, pk, action="act")
    form = action_form(request, report, action, request.POST, request.FILES)
    done, status = submit(
        request,
        form,
        lambda data: _run(request, report, action, data),
        message=lambda r: _done_message(action, r),
        then=report_url,
    )
    if done is not None:
        return done
    fresh = get_report(request, pk)
    return render_report(request, fresh, bound=(action, form), status=status)
