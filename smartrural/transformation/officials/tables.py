"""Import tables of officials: read an Excel (.xlsx) or CSV file into rows, and build the
template to fill in.

The first non-empty row holds the column titles, in Vietnamese or English (as in the template):
unit code, full name, position, identifier (optional) and active (optional). Columns are found by
their title, so their order does not matter; other columns are ignored. CSV files are UTF-8 (with
or without BOM), separated by ``;`` or ``,``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from smartrural.core.exports import write_cell
from smartrural.core.tabular import cell_text, header_columns, numbered_rows
from smartrural.geo.models import AdministrativeUnit

from .forms import COLUMNS
from .services import OfficialRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUIRED = ("unit", "full_name", "position")
# Column titles recognised in any interface language (folded: lower case, no diacritics).
ALIASES: dict[str, frozenset[str]] = {
    "unit": frozenset({"unit code", "unit", "ma don vi", "ma dvhc", "don vi"}),
    "full_name": frozenset({"full name", "name", "ho va ten", "ho ten"}),
    "position": frozenset({"position", "chuc vu"}),
    "identifier": frozenset(
        {"identifier", "ma dinh danh", "ma can bo", "so hieu", "email", "e-mail"}
    ),
    "active": frozenset({"active", "dang cong tac", "con cong tac", "hoat dong", "trang thai"}),
}
# The template's titles, in Vietnamese whatever the interface language (like the paper forms).
TEMPLATE_TITLES = {
    "unit": "Mã đơn vị",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "identifier": "Mã định danh",
    "active": "Đang công tác",
}


def _columns(header: list[Any]) -> dict[str, int]:
    return header_columns(
        header,
        {key: {*aliases, str(COLUMNS[key])} for key, aliases in ALIASES.items()},
        required=REQUIRED,
        names=COLUMNS,
    )


def official_rows(table: list[list[Any]]) -> list[OfficialRow]:
    """Rows of officials from a table whose first non-empty row holds the titles."""
    numbered = numbered_rows(table)
    _header_number, header = numbered[0]
    columns = _columns(header)

    def cell(row: list[Any], key: str) -> str:
        position = columns.get(key)
        if position is None or position >= len(row):
            return ""
        return cell_text(row[position])

    return [
        OfficialRow(
            row=number,
            unit=cell(row, "unit"),
            full_name=cell(row, "full_name"),
            position=cell(row, "position"),
            identifier=cell(row, "identifier"),
            active=cell(row, "active"),
        )
        for number, row in numbered[1:]
    ]


def template_bytes(units: Iterable[AdministrativeUnit]) -> bytes:
    """The import template: the officials sheet to fill in, a guide, and the user's units."""
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Cán bộ"
    keys = list(TEMPLATE_TITLES)
    for col, key in enumerate(keys, start=1):
        cell = write_cell(sheet, 1, col, TEMPLATE_TITLES[key])
        cell.font = bold
        cell.fill = fill
    for letter, width in zip("ABCDE", (14, 32, 40, 26, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].number_format = "@"  # codes keep their leading zeros
    active = DataValidation(type="list", formula1='"có,không"', allow_blank=True)
    active.add("E2:E1001")
    sheet.add_data_validation(active)
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Hướng dẫn")
    lines = [
        _("How to fill in this template"),
        _("One row per official; the first row holds the column titles: keep them."),
        _("Unit code: the code of the province, district or commune (see the sheet “Đơn vị”)."),
        _("Full name and position: required."),
        _(
            "Identifier (optional): an e-mail or staff number that tells two officials of the "
            "same name apart. An official is updated when the unit and identifier (or, without "
            "an identifier, the unit and full name) match."
        ),
        _("Active (optional): có or không (yes or no, 1 or 0). Blank keeps the current status."),
        _("If any row is wrong, nothing is imported and every problem is listed."),
    ]
    for row, line in enumerate(lines, start=1):
        write_cell(guide, row, 1, line).font = bold if row == 1 else Font()
    guide.column_dimensions["A"].width = 110

    listing = workbook.create_sheet("Đơn vị")
    for col, title in enumerate(
        (_("Unit code"), _("Unit"), _("Level"), _("Valid from"), _("Valid to")), start=1
    ):
        write_cell(listing, 1, col, title).font = bold
    for row, unit in enumerate(units, start=2):
        write_cell(listing, row, 1, unit.code).number_format = "@"
        write_cell(listing, row, 2, unit.name)
        write_cell(listing, row, 3, str(unit.get_level_display()))
        for col, day in ((4, unit.valid_from), (5, unit.valid_to)):
            write_cell(listing, row, col, day.strftime("%d/%m/%Y") if day else "")
    for letter, width in zip("ABCDE", (12, 36, 14, 12, 12), strict=True):
        listing.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
