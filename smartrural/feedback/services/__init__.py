"""Writes of feedback. One module a concern; this package is their one import path.

- ``submit``: a new report from any transport (``report_submit``), routed, with its deadline;
- ``moves``: officers move it through its lifecycle, reply, note, hand it to another unit;
- ``residents``: what residents do themselves (the public form within the rate limits, "me
  too", rating and reopening from the status page);
- ``moderation``: hide, redact wording, blur or remove a photo, take down a text (with a reason);
- ``categories``: the category tree the province office keeps;
- ``bulk``: many reports given to one officer at once, or none;
- ``deadlines``: the periodic jobs — escalation when overdue, closing, pruning photo files;
- ``events``: the event every change records (the history and the public timeline).
"""

from __future__ import annotations

from .bulk import reports_assign
from .categories import category_create, category_set_active, category_update
from .deadlines import (
    photos_prune,
    report_close_resolved,
    report_escalate_overdue,
    reports_rehome,
)
from .moderation import (
    Box,
    event_take_down,
    photo_redact,
    photo_remove,
    report_redact_text,
    report_set_hidden,
)
from .moves import (
    report_accept,
    report_assign,
    report_close,
    report_note,
    report_reassign,
    report_refuse,
    report_reply,
    report_resolve,
    report_start,
)
from .residents import report_rate, report_reopen, report_submit_public, report_support
from .submit import Contact, Submitted, report_submit

__all__ = [
    "Box",
    "Contact",
    "Submitted",
    "category_create",
    "category_set_active",
    "category_update",
    "event_take_down",
    "photo_redact",
    "photo_remove",
    "photos_prune",
    "report_accept",
    "report_assign",
    "report_close",
    "report_close_resolved",
    "report_escalate_overdue",
    "report_note",
    "report_rate",
    "report_reassign",
    "report_redact_text",
    "report_refuse",
    "report_reopen",
    "report_reply",
    "report_resolve",
    "report_set_hidden",
    "report_start",
    "report_submit",
    "report_submit_public",
    "report_support",
    "reports_assign",
    "reports_rehome",
]
