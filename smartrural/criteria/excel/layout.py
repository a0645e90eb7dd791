"""Where things stand in a template: the header cells, the columns of the indicator rows (the
hidden ones included) and what officers write for pass and fail."""

from __future__ import annotations

from dataclasses import dataclass

from ..definition import Indicator, SetDefinition

SET_CELL, YEAR_CELL, UNIT_CELL, NAME_CELL = "B2", "B3", "B4", "B5"
HEADER_ROW, FIRST_ROW = 7, 8
CODE_COL, VALUE_COL, COMMENT_COL = "A", "F", "G"
# Hidden, locked: what the row held when the template was made (the stored value's version, its
# value and comment). A row sent back as it was made is not a change; a changed row carries the
# version it was made from, so a value someone changed meanwhile is a conflict, not overwritten.
VERSION_COL, LOADED_VALUE_COL, LOADED_COMMENT_COL = "H", "I", "J"
PASS, FAIL = "Đạt", "Không đạt"  # data values officers write, in Vietnamese in any UI language


@dataclass(frozen=True)
class CellError:
    """A problem of an uploaded workbook, at its sheet, row and column."""

    sheet: str
    row: int
    column: str
    message: str


def entered(definition: SetDefinition) -> list[tuple[str, Indicator]]:
    """(criterion label, indicator) of every indicator a unit enters (not derived ones)."""
    return [
        (f"{c.number}. {c.name}", ind)
        for c in definition.criteria
        for ind in c.indicators
        if not ind.derived
    ]
