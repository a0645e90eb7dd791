"""Uploaded work record figures: an Excel workbook (.xlsx) or a CSV export of an e-office system.

The file has a header row, found among its first rows by its column names in Vietnamese or
English (“Mã đơn vị”, “Tháng”, “Tổng số hồ sơ”, “Xử lý trực tuyến”; “Unit code”, “Month”,
“Total”, “Online”), in any order; other columns (a unit's name) are ignored. Months are written
YYYY-MM or mm/yyyy (dd/mm/yyyy and Excel date cells are read as their month). Rows without a
month and figures are skipped, so the pre-filled template can be uploaded partly filled in.

Each row is first read here (cells present, whole numbers, not negative, a month); the rows then
go to ``work_records_import``, which checks units, scope and consistency and writes all of them
or none. Problems of both steps are reported with the file's own row numbers.

``cells`` reads one cell, ``lines`` the rows, ``service`` imports them, ``template`` is the
workbook to fill in.
"""

from __future__ import annotations

from .cells import COLUMN_LABELS, COLUMNS, column_of, month_text
from .lines import Problem
from .service import UploadResult, work_records_upload
from .template import TEMPLATE_HEADERS, template_bytes

__all__ = [
    "COLUMNS",
    "COLUMN_LABELS",
    "TEMPLATE_HEADERS",
    "Problem",
    "UploadResult",
    "column_of",
    "month_text",
    "template_bytes",
    "work_records_upload",
]
