"""The workbook to fill in: the header and one row per unit."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from smartrural.core.exports import write_cell
from smartrural.geo.models import AdministrativeUnit

# The template's headers are data, in Vietnamese whatever the page language (as officers'
# e-office exports are).
TEMPLATE_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Tháng", "Tổng số hồ sơ", "Xử lý trực tuyến")


def template_bytes(*, units: Sequence[AdministrativeUnit]) -> bytes:
    """A workbook to fill in: the header and one row per unit (code and name)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Hồ sơ công việc"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF4CC")
    for column, text in enumerate(TEMPLATE_HEADERS, start=1):
        write_cell(sheet, 1, column, text).font = bold
    for row, unit in enumerate(units, start=2):
        write_cell(sheet, row, 1, unit.code)
        write_cell(sheet, row, 2, unit.name)
        for column in (3, 4, 5):
            sheet.cell(row=row, column=column).fill = fill
        sheet.cell(row=row, column=3).number_format = "@"  # months stay text: 05/2023
    for letter, width in zip("ABCDE", (12, 32, 12, 16, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
