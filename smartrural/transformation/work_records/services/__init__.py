"""Writes of the monthly work record counts: one month of one unit (``submit``), or an import
all or nothing in two phases (``imports`` checks, ``write`` writes); ``rules`` are the checks
of one figure, ``rows`` the rows and results they pass along."""

from __future__ import annotations

from .imports import work_records_import
from .rows import CheckedWorkRecord, ImportSummary, RowConflict, WorkRecordRow
from .rules import STAT_LEVELS, parse_month
from .submit import work_record_submit
from .write import work_records_write

__all__ = [
    "STAT_LEVELS",
    "CheckedWorkRecord",
    "ImportSummary",
    "RowConflict",
    "WorkRecordRow",
    "parse_month",
    "work_record_submit",
    "work_records_import",
    "work_records_write",
]
