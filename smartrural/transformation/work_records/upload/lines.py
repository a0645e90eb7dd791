"""The rows of an uploaded file: the header row found among the first rows, then each row read
into a work record row or its problems."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed

from ..services import WorkRecordRow
from .cells import (
    COLUMN_LABELS,
    COLUMNS,
    MONTH,
    ONLINE,
    TOTAL,
    UNIT,
    cell_text,
    column_of,
    count_of,
    month_text,
)

HEADER_SEARCH_ROWS = 10
UNIT_CODE_MAX = 10
_UNIT_CODE = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    unit: str
    message: str


@dataclass
class Line:
    row: int
    unit: str
    record: WorkRecordRow | None
    problems: list[Problem]


def _header(cells: Sequence[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in found:
            found[column] = index
    return found if len(found) == len(COLUMNS) else None


def read_line(row: int, cells: Sequence[Any], at: dict[str, int]) -> Line | None:
    def cell(column: str) -> Any:
        index = at[column]
        return cells[index] if index < len(cells) else None

    unit = cell_text(cell(UNIT))
    if all(cell_text(cell(c)) == "" for c in (MONTH, TOTAL, ONLINE)):
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
        shown = cell_text(raw_month)
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
    total, error = count_of(cell(TOTAL), TOTAL)
    if error:
        problem(TOTAL, error)
    online, error = count_of(cell(ONLINE), ONLINE)
    if error:
        problem(ONLINE, error)
    if problems or month is None or total is None or online is None:
        return Line(row, unit, None, problems)
    return Line(row, unit, WorkRecordRow(unit=unit, month=month, total=total, online=online), [])


def read_lines(rows: Iterable[Sequence[Any]]) -> list[Line]:
    at: dict[str, int] | None = None
    lines: list[Line] = []
    for number, cells in enumerate(rows, start=1):
        if at is None:
            if number > HEADER_SEARCH_ROWS:
                break
            at = _header(cells)
            continue
        line = read_line(number, cells, at)
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
