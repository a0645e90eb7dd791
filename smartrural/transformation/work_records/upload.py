"""Uploaded work record figures: an Excel workbook (.xlsx) or a CSV export of an e-office system.

The file has a header row, found among its first rows by its column names in Vietnamese or
English (“Mã đơn vị”, “Tháng”, “Tổng số hồ sơ”, “Xử lý trực tuyến”; “Unit code”, “Month”,
“Total”, “Online”), in any order; other columns (a unit's name) are ignored. Months are written
YYYY-MM or mm/yyyy (dd/mm/yyyy and Excel date cells are read as their month). Rows without a
month and figures are skipped, so the pre-filled template can be uploaded partly filled in.

Each row is first read here (cells present, whole numbers, not negative, a month); the rows then
go to ``work_records_import``, which checks units, scope and consistency and writes all of them
or none. Problems of both steps are reported with the file's own row numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import write_cell
from smartrural.core.tabular import read_table
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit

from ..models import Source
from .services import WorkRecordRow, work_records_import

UNIT, MONTH, TOTAL, ONLINE = "unit", "month", "total", "online"
COLUMNS = (UNIT, MONTH, TOTAL, ONLINE)
COLUMN_LABELS = {
    UNIT: gettext_lazy("Unit code"),
    MONTH: gettext_lazy("Month"),
    TOTAL: gettext_lazy("Total"),
    ONLINE: gettext_lazy("Online"),
}
# The template's headers are data, in Vietnamese whatever the page language (as officers'
# e-office exports are).
TEMPLATE_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Tháng", "Tổng số hồ sơ", "Xử lý trực tuyến")
HEADER_SEARCH_ROWS = 10
UNIT_CODE_MAX = 10
_UNIT_CODE = re.compile(r"[0-9]{1,10}")
_MONTH_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), ("year", "month")),
    (re.compile(r"^(\d{1,2})[-/.](\d{4})$"), ("month", "year")),
    (re.compile(r"^\d{1,2}[-/.](\d{1,2})[-/.](\d{4})$"), ("month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-\d{1,2}(?:[ T].*)?$"), ("year", "month")),
)


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    unit: str
    message: str


@dataclass
class UploadResult:
    problems: list[Problem] = field(default_factory=list)
    imported: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Line:
    row: int
    unit: str
    record: WorkRecordRow | None
    problems: list[Problem]


def column_of(header: Any) -> str | None:
    """Which column a header cell names (None: a column we do not read)."""
    text = fold(str(header or "")).replace("_", " ")
    if not text:
        return None
    if "truc tuyen" in text or "online" in text:
        return ONLINE
    if text.startswith(("tong", "total")) or "tong so" in text:
        return TOTAL
    if text.startswith(("thang", "month", "ky bao cao", "period")):
        return MONTH
    if (
        "ma don vi" in text
        or "ma dv" in text
        or "unit code" in text
        or text in {"ma", "code", "unit", "don vi", "ma so"}
    ):
        return UNIT
    return None


def _header(cells: Sequence[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in found:
            found[column] = index
    return found if len(found) == len(COLUMNS) else None


def month_text(value: Any) -> str | None:
    """The month a cell holds, as YYYY-MM (None when it holds none we can read)."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value or "").strip()
    for pattern, order in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if 1 <= parts["month"] <= 12 and parts["year"] >= 1900:
                return f"{parts['year']:04d}-{parts['month']:02d}"
    return None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _count(value: Any, column: str) -> tuple[int | None, str | None]:
    label = str(COLUMN_LABELS[column])
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _cell_text(value).replace(" ", "")
        if text == "":
            return None, _("%(column)s is empty.") % {"column": label}
        if not re.fullmatch(r"[+-]?\d+", text):
            return None, _("%(column)s must be a whole number, not “%(value)s”.") % {
                "column": label,
                "value": _cell_text(value),
            }
        number = int(text)
    if number < 0:
        return None, _("%(column)s cannot be negative (%(value)s).") % {
            "column": label,
            "value": number,
        }
    return number, None


def _line(row: int, cells: Sequence[Any], at: dict[str, int]) -> _Line | None:
    def cell(column: str) -> Any:
        index = at[column]
        return cells[index] if index < len(cells) else None

    unit = _cell_text(cell(UNIT))
    if all(_cell_text(cell(c)) == "" for c in (MONTH, TOTAL, ONLINE)):
        return None  # a blank row, or a unit of the template not filled in
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row, str(COLUMN_LABELS[column]), unit, message))

    if unit == "":
        problem(UNIT, _("The unit code is empty."))
    elif not _UNIT_CODE.fullmatch(unit):
        # Not a code: say so, and echo no more of the cell than a code could hold.
        unit = unit[:UNIT_CODE_MAX] + ("…" if len(unit) > UNIT_CODE_MAX else "")
        problem(UNIT, _("The unit code is written with digits only, e.g. 29479."))
    raw_month = cell(MONTH)
    month = month_text(raw_month)
    if month is None:
        shown = _cell_text(raw_month)
        if shown:
            problem(
                MONTH,
                _("“%(value)s” is not a month: write it mm/yyyy or YYYY-MM, e.g. 05/2023.")
                % {"value": shown},
            )
        else:
            problem(MONTH, _("The month is empty."))
    elif month > today().strftime("%Y-%m"):
        problem(
            MONTH,
            _("%(month)s is in the future: import months that have begun.")
            % {"month": f"{month[5:]}/{month[:4]}"},
        )
    total, error = _count(cell(TOTAL), TOTAL)
    if error:
        problem(TOTAL, error)
    online, error = _count(cell(ONLINE), ONLINE)
    if error:
        problem(ONLINE, error)
    if problems or month is None or total is None or online is None:
        return _Line(row, unit, None, problems)
    return _Line(row, unit, WorkRecordRow(unit=unit, month=month, total=total, online=online), [])


def _lines(rows: Iterable[Sequence[Any]]) -> list[_Line]:
    at: dict[str, int] | None = None
    lines: list[_Line] = []
    for number, cells in enumerate(rows, start=1):
        if at is None:
            if number > HEADER_SEARCH_ROWS:
                break
            at = _header(cells)
            continue
        line = _line(number, cells, at)
        if line is not None:
            lines.append(line)
    if at is None:
        raise ValidationFailed(
            _(
                "No header row was found in the first %(n)s rows: the file needs the columns "
                "“Mã đơn vị” (unit code), “Tháng” (month), “Tổng số hồ sơ” (total) and "
                "“Xử lý trực tuyến” (online). Download the template to see them."
            )
            % {"n": HEADER_SEARCH_ROWS},
            field="file",
        )
    if not lines:
        raise ValidationFailed(_("The file holds no figures below its header."), field="file")
    return lines


def work_records_upload(*, upload: Any, by: Any) -> UploadResult:
    """Import an uploaded file through ``work_records_import``: all rows or none.

    Rows this module cannot read are still handed over (with an empty month, which the
    service always refuses), so nothing is written while any row is wrong, and the other rows
    are checked too. ``ValidationFailed`` when the file itself cannot be used.
    """
    lines = _lines(read_table(upload))
    records = [
        line.record or WorkRecordRow(unit=line.unit, month="", total=0, online=0) for line in lines
    ]
    summary = work_records_import(rows=records, by=by, source=Source.IMPORTED)
    result = UploadResult(imported=summary.imported, updated=summary.updated)
    for line in lines:
        result.problems.extend(line.problems)
    for conflict in summary.conflicts:
        line = lines[conflict.row - 1]
        if not line.problems:
            result.problems.append(Problem(line.row, "", line.unit, conflict.message))
    result.problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems in column order
    return result


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
