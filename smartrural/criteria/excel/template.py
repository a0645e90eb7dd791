"""Writing a template: a sheet per unit, its locked header and one row per entered indicator."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from smartrural.core.exports import set_value, write_cell
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from ..definition import SetDefinition
from ..models import CriteriaSet, IndicatorValue, ValueStatus
from ..selectors import provincial_thresholds
from .cells import display, threshold_label, validation
from .layout import (
    COMMENT_COL,
    FIRST_ROW,
    HEADER_ROW,
    LOADED_COMMENT_COL,
    LOADED_VALUE_COL,
    NAME_CELL,
    SET_CELL,
    UNIT_CELL,
    VALUE_COL,
    VERSION_COL,
    YEAR_CELL,
    entered,
)
from .units import stored_values

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="FFF4CC")
_OPEN = Protection(locked=False)


def _sheet(
    ws: Worksheet,
    *,
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    unit: AdministrativeUnit,
    year: int,
    stored: dict[str, IndicatorValue],
) -> None:
    ws.title = unit.code[:31]
    set_value(ws["A1"], definition.name).font = Font(bold=True, size=13)
    for cell, label, content in (
        (SET_CELL, _("Criteria set"), criteria_set.code),
        (YEAR_CELL, _("Year"), year),
        (UNIT_CELL, _("Unit code"), unit.code),
        (NAME_CELL, _("Unit"), unit.name),
    ):
        set_value(ws[f"A{cell[1:]}"], label).font = _BOLD
        set_value(ws[cell], content)
    headers = [
        _("Code"),
        _("Criterion"),
        _("Indicator"),
        _("Unit of measure"),
        _("Threshold"),
        _("Value"),
        _("Comment"),
    ]
    for col, text in enumerate(headers, start=1):
        write_cell(ws, HEADER_ROW, col, text).font = _BOLD
    validations: dict[str, DataValidation] = {}
    provincial = provincial_thresholds(criteria_set)
    for row, (criterion, ind) in enumerate(entered(definition), start=FIRST_ROW):
        value = stored.get(ind.code)
        for col, content in enumerate(
            (ind.code, criterion, ind.name, ind.unit, threshold_label(ind, unit, year, provincial)),
            start=1,
        ):
            write_cell(ws, row, col, content)
        value_cell = ws[f"{VALUE_COL}{row}"]
        comment_cell = ws[f"{COMMENT_COL}{row}"]
        if value is not None:
            set_value(value_cell, display(ind, value.value))
            set_value(comment_cell, value.comment or None)
        loaded: tuple[int, str | None, str | None] = (
            (value.version, display(ind, value.value), value.comment or None)
            if value is not None
            else (NOT_STORED, None, None)
        )
        for letter, made in zip(
            (VERSION_COL, LOADED_VALUE_COL, LOADED_COMMENT_COL), loaded, strict=True
        ):
            set_value(ws[f"{letter}{row}"], made)
        if value is None or value.status != ValueStatus.LOCKED:
            for cell in (value_cell, comment_cell):
                cell.protection = _OPEN
                cell.fill = _FILL
        dv = validation(ind)
        if dv is not None:
            key = f"{dv.type}|{dv.formula1}|{dv.formula2}"
            dv = validations.setdefault(key, dv)
            dv.add(value_cell.coordinate)
    for dv in validations.values():
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
    for letter, width in zip("ABCDEFG", (8, 28, 48, 14, 30, 14, 30), strict=True):
        ws.column_dimensions[letter].width = width
    for letter in (VERSION_COL, LOADED_VALUE_COL, LOADED_COMMENT_COL):
        ws.column_dimensions[letter].hidden = True
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True  # no password: protection guards against slips, not people


def workbook_bytes(
    *,
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    year: int,
    units: Sequence[AdministrativeUnit],
) -> bytes:
    wb = Workbook()
    stored = stored_values(criteria_set, year, units)
    first = True
    for unit in units:
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        _sheet(
            ws,
            criteria_set=criteria_set,
            definition=definition,
            unit=unit,
            year=year,
            stored=stored[unit.pk],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
