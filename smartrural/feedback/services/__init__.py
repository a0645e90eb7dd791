"""Writes of feedback. One module a concern; this package is their one import path.

- ``submit``: a new report from any transport (``report_submit``), routed, with its deadline;
- ``moves``: officers move it through its lifecycle, reply, note, hand it to another unit;
- ``residents``: what residents do on a report (``report_support``, "me too");
- ``events``: the event every change records (the history and the public timeline).
"""

from __future__ import annotations

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
from .residents import report_support
from .submit import Contact, Submitted, report_submit

__all__ = [
    "Contact",
    "Submitted",
    "report_accept",
    "report_assign",
    "report_close",
    "report_note",
    "report_reassign",
    "report_refuse",
    "report_reply",
    "report_resolve",
    "report_start",
    "report_submit",
    "report_support",
]
