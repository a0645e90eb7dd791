"""Uploading a filled-in template: every sheet checked first, then all written or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.imports import TooManyRows
from smartrural.core.spreadsheets import read_workbook
from smartrural.geo.models import AdministrativeUnit

from ..definition import SetDefinition
from ..models import CriteriaSet
from ..services import ValueRow, data_value_sets_import
from .header import read_header
from .layout import VALUE_COL, CellError
from .rows import read_rows
from .units import stored_values, template_units


@dataclass
class WorkbookResult:
    errors: list[CellError] = field(default_factory=list)
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    units: int = 0


@dataclass
class _Sheet:
    title: str
    unit: AdministrativeUnit
    rows: list[ValueRow]
    row_of: dict[str, int]


def workbook_import(
    *,
    data: bytes,
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    year: int,
    parent: AdministrativeUnit,
    by: Actor,
) -> WorkbookResult:
    """Validate every cell, then write all sheets in one transaction, or nothing.

    ``ValidationFailed`` (field ``file``) when the file is not a workbook, is damaged, or is over
    the limits of ``core.spreadsheets``; the cells' problems are in the result."""
    result = WorkbookResult()
    worksheets = read_workbook(data)
    candidates = template_units(criteria_set=criteria_set, year=year, unit=parent)
    units = {u.code: u for u in candidates}
    stored = stored_values(criteria_set, year, candidates)
    indicators = definition.indicators()
    sheets: list[_Sheet] = []
    seen: dict[int, str] = {}
    for ws in worksheets:
        unit = read_header(
            ws, criteria_set=criteria_set, year=year, units=units, user=by, errors=result.errors
        )
        if unit is not None and unit.pk in seen:
            message = _("Unit %(code)s is already on the sheet “%(sheet)s”.") % {
                "code": unit.code,
                "sheet": seen[unit.pk],
            }
            result.errors.append(CellError(ws.title, 4, "B", message))
            continue
        values = stored[unit.pk] if unit is not None else {}
        rows, row_of = read_rows(ws, indicators=indicators, stored=values, errors=result.errors)
        if unit is not None:
            seen[unit.pk] = ws.title
            sheets.append(_Sheet(ws.title, unit, rows, row_of))
    if result.errors:
        return result
    try:
        summaries = data_value_sets_import(
            criteria_set=criteria_set,
            year=year,
            batches=[(s.unit, s.rows) for s in sheets],
            by=by,
        )
    except TooManyRows as exc:
        result.errors.append(CellError("", 0, "", exc.message))
        return result
    for sheet in sheets:
        summary = summaries[sheet.unit.pk]
        for c in summary.conflicts:
            row = sheet.row_of.get(c.indicator, 3)
            column = VALUE_COL if c.indicator in sheet.row_of else "B"
            result.errors.append(CellError(sheet.title, row, column, c.message))
        result.imported += summary.imported
        result.updated += summary.updated
        result.ignored += summary.ignored
    result.units = len(sheets)
    if result.errors:
        result.imported = result.updated = result.ignored = 0
    return result


def sort_errors(errors: Iterable[CellError]) -> list[CellError]:
    return sorted(errors, key=lambda e: (e.sheet, e.row, e.column))
