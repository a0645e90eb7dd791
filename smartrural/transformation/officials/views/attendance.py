"""The attendance of an event's participants, saved from the event page (only what changed,
and never over a change made meanwhile)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import act

from .. import selectors, services
from ..forms import attendance_changes
from .training import detail_url, refused_on


@login_required
@require_POST
def participant_attendance(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)

    def save() -> int:
        attendance, versions = attendance_changes(request.POST)
        return services.participants_set_attendance(
            event=event, attendance=attendance, versions=versions, by=request.user
        )

    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return act(
        request,
        save,
        message=lambda changed: (
            ngettext("Attendance saved: %(n)s change.", "Attendance saved: %(n)s changes.", changed)
            % {"n": changed}
        ),
        then=detail_url(event) + suffix + "#participants",
        refused=refused_on(request, event),
    )
