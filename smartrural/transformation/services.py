"""The section's first write path, kept for the apps and tests that import it: work record
counts live in ``work_records/services.py``, targets in ``work_records/targets.py``."""

from __future__ import annotations

from .work_records.services import (
    ImportSummary,
    RowConflict,
    WorkRecordRow,
    parse_month,
    work_record_submit,
    work_records_import,
)
from .work_records.targets import TARGETS_FILE, load_targets, target_set

__all__ = [
    "TARGETS_FILE",
    "ImportSummary",
    "RowConflict",
    "WorkRecordRow",
    "load_targets",
    "parse_month",
    "target_set",
    "work_record_submit",
    "work_records_import",
]
