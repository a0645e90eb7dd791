"""Excel templates of indicator values: download pre-filled, fill in, upload back.

Layout (what officers know from paper forms): one sheet per unit, named by the unit's code,
with the set, year and unit in a locked header (rows 2-4, column B) and one row per indicator
from row 8: code, criterion, indicator, unit of measure, threshold, value, comment. Only the
value and comment cells are unlocked; pass/fail and choice values get drop-down lists.

Upload validates every cell of every sheet first and reports each problem with its sheet, row
and column; the values are written only when there is none, in one transaction for all sheets.
The file is read by ``core.spreadsheets`` (within its limits on size and cells) and written
through ``core.exports`` (no text becomes a formula).
"""

from __future__ import annotations

from .layout import FIRST_ROW, CellError
from .template import workbook_bytes
from .units import template_units
from .upload import WorkbookResult, sort_errors, workbook_import

__all__ = [
    "FIRST_ROW",
    "CellError",
    "WorkbookResult",
    "sort_errors",
    "template_units",
    "workbook_bytes",
    "workbook_import",
]
