"""Pages of the criteria app: data entry, evidence, district review, Excel templates."""

from __future__ import annotations

from .entry import entry, entry_check
from .evidence import evidence_download, evidence_upload
from .history import value_history
from .home import entry_home
from .review import value_accept, value_return
from .workbook import workbook_template, workbook_upload

__all__ = [
    "entry",
    "entry_check",
    "entry_home",
    "evidence_download",
    "evidence_upload",
    "value_accept",
    "value_history",
    "value_return",
    "workbook_template",
    "workbook_upload",
]
