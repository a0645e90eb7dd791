"""One event per change of a report (its history, and the public timeline's source)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smartrural.accounts.actor import Actor

from .. import notify
from ..models import Report, ReportEvent


def record(report: Report, kind: str, *, by: Actor | None, **fields: Any) -> ReportEvent:
    """Record the event and tell the reporter when it is news to them (``feedback.notify``)."""
    event = ReportEvent.objects.create(
        report=report, kind=kind, by=by, at=fields.pop("at", None) or timezone.now(), **fields
    )
    notify.on_event(event)
    return event
