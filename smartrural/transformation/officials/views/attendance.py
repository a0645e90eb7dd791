"""The attendance of an event's participants, saved from the event page (only what changed,
and never over a change made meanwhile)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.versioning import EditConflict

from .. import selectors, services
from ..forms import attendance_changes
from .training import detail_url, render_detail


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
