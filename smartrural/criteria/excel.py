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

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from smartrural.accounts.access import scope_for_user
from smartrural.core.exports import set_value, write_cell
from smartrural.core.imports import TooManyRows
from smartrural.core.numbers import format_number
from smartrural.core.spreadsheets import Sheet, read_workbook
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from .definition import (
    CHOICE,
    COUNT,
    NUMBER,
    PASS_FAIL,
    PERCENT,
    Indicator,
    SetDefinition,
    Threshold,
)
from .engine import InvalidValue, parse_value
from .explain import OP_MET, threshold_display, threshold_origin, threshold_scope
from .models import CriteriaSet, IndicatorValue, ValueStatus
from .selectors import provincial_thresholds, root_id, units_for_set
from .services import ValueRow, data_value_sets_import

SET_CELL, YEAR_CELL, UNIT_CELL, NAME_CELL = "B2", "B3", "B4", "B5"
HEADER_ROW, FIRST_ROW = 7, 8
CODE_COL, VALUE_COL, COMMENT_COL = "A", "F", "G"
# Hidden, locked: what the row held when the template was made (the stored value's version, its
# value and comment). A row sent back as it was made is not a change; a changed row carries the
# version it was made from, so a value someone changed meanwhile is a conflict, not overwritten.
VERSION_COL, LOADED_VALUE_COL, LOADED_COMMENT_COL = "H", "I", "J"
PASS, FAIL = "Đạt", "Không đạt"  # data values officers write, in Vietnamese in any UI language
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="FFF4CC")
_OPEN = Protection(locked=False)


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class WorkbookResult:
    errors: list[CellError] = field(default_factory=list)
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    units: int = 0


def _entered(definition: SetDefinition) -> list[tuple[str, Indicator]]:
    """(criterion label, indicator) of every indicator a unit enters (not derived ones)."""
    return [
        (f"{c.number}. {c.name}", ind)
        for c in definition.criteria
        for ind in c.indicators
        if not ind.derived
    ]


def _display(ind: Indicator, text: str) -> str:
    if ind.value_type == PASS_FAIL:
        return PASS if text == "true" else FAIL
    if ind.value_type in (PERCENT, NUMBER, COUNT):
        return format_number(text) or text  # "87,5": the page's decimal mark
    return text


def _threshold(
    ind: Indicator,
    unit: AdministrativeUnit,
    year: int,
    provincial: Callable[[str, Threshold], bool],
) -> str:
    """The threshold as the entry page shows it: "≥ 80% (Đồng bằng sông Cửu Long) — Ngưỡng
    quốc gia, đã xác nhận" (the scope only when the threshold is limited to one)."""
    t = ind.threshold_for(region=unit.region, commune_group=unit.commune_group, year=year)
    if t is None:
        return _("no threshold")
    if ind.value_type == PASS_FAIL:
        text = PASS
    else:
        text = f"{OP_MET.get(ind.comparator, ind.comparator)} {threshold_display(ind, t)}"
    if t.specificity:
        text += f" ({threshold_scope(t)})"
    return f"{text} — {threshold_origin(t, provincial=provincial(ind.code, t))}"


def _validation(ind: Indicator) -> DataValidation | None:
    if ind.value_type == PASS_FAIL:
        return DataValidation(type="list", formula1=f'"{PASS},{FAIL}"', allow_blank=True)
    if ind.value_type == CHOICE:
        joined = ",".join(ind.choices)
        if len(joined) <= 250 and not any("," in c or '"' in c for c in ind.choices):
            return DataValidation(type="list", formula1=f'"{joined}"', allow_blank=True)
    if ind.value_type == PERCENT:
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    if ind.value_type == COUNT:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    return None


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
    for row, (criterion, ind) in enumerate(_entered(definition), start=FIRST_ROW):
        value = stored.get(ind.code)
        for col, content in enumerate(
            (ind.code, criterion, ind.name, ind.unit, _threshold(ind, unit, year, provincial)),
            start=1,
        ):
            write_cell(ws, row, col, content)
        value_cell = ws[f"{VALUE_COL}{row}"]
        comment_cell = ws[f"{COMMENT_COL}{row}"]
        if value is not None:
            set_value(value_cell, _display(ind, value.value))
            set_value(comment_cell, value.comment or None)
        loaded: tuple[int, str | None, str | None] = (
            (value.version, _display(ind, value.value), value.comment or None)
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
        dv = _validation(ind)
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


def _stored(
    criteria_set: CriteriaSet, year: int, units: Sequence[AdministrativeUnit]
) -> dict[int, dict[str, IndicatorValue]]:
    out: dict[int, dict[str, IndicatorValue]] = {u.pk: {} for u in units}
    rows = IndicatorValue.objects.filter(
        criteria_set_id=root_id(criteria_set), year=year, unit_id__in=list(out)
    ).only("unit_id", "indicator_code", "value", "comment", "status", "version")
    for v in rows:
        out[v.unit_id][v.indicator_code] = v
    return out


def template_units(
    *, criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit
) -> list[AdministrativeUnit]:
    """The unit itself (of the set's level) or every unit of that level under it."""
    if unit.level == criteria_set.unit_level:
        return [unit]
    units = units_for_set(criteria_set=criteria_set, year=year, parent=unit)
    return sorted(units, key=lambda u: u.code)


def workbook_bytes(
    *,
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    year: int,
    units: Sequence[AdministrativeUnit],
) -> bytes:
    wb = Workbook()
    stored = _stored(criteria_set, year, units)
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Sheet:
    title: str
    unit: AdministrativeUnit
    rows: list[ValueRow]
    row_of: dict[str, int]


def _read_header(
    ws: Sheet,
    *,
    criteria_set: CriteriaSet,
    year: int,
    units: dict[str, AdministrativeUnit],
    user: Any,
    errors: list[CellError],
) -> AdministrativeUnit | None:
    title = ws.title
    if _text(ws[SET_CELL]) != criteria_set.code:
        errors.append(
            CellError(
                title,
                2,
                "B",
                _("This sheet is for the criteria set “%(found)s”, not %(code)s.")
                % {"found": _text(ws[SET_CELL]), "code": criteria_set.code},
            )
        )
    if _text(ws[YEAR_CELL]) != str(year):
        errors.append(
            CellError(
                title,
                3,
                "B",
                _("This sheet is for the year “%(found)s”, not %(year)s.")
                % {"found": _text(ws[YEAR_CELL]), "year": year},
            )
        )
    code = _text(ws[UNIT_CELL])
    unit = units.get(code)
    if unit is None or not scope_for_user(user).contains(unit):
        errors.append(
            CellError(
                title,
                4,
                "B",
                _("“%(code)s” is not a unit of this set among the units you may enter.")
                % {"code": code},
            )
        )
        return None
    return unit


def _read_rows(
    ws: Sheet,
    *,
    indicators: dict[str, Indicator],
    stored: dict[str, IndicatorValue],
    errors: list[CellError],
) -> tuple[list[ValueRow], dict[str, int]]:
    title = ws.title
    rows: list[ValueRow] = []
    row_of: dict[str, int] = {}
    code_at, value_at, comment_at, version_at, loaded_value_at, loaded_comment_at = (
        column_index_from_string(c)
        for c in (
            CODE_COL,
            VALUE_COL,
            COMMENT_COL,
            VERSION_COL,
            LOADED_VALUE_COL,
            LOADED_COMMENT_COL,
        )
    )
    for r in range(FIRST_ROW, ws.max_row + 1):
        code = _text(ws.value(r, code_at))
        raw = _text(ws.value(r, value_at))
        comment = _text(ws.value(r, comment_at))
        made_from = _text(ws.value(r, version_at))
        version = int(made_from) if made_from.isascii() and made_from.isdigit() else None
        if not code and not raw:
            continue
        ind = indicators.get(code)
        if ind is None or ind.derived:
            message = _("There is no indicator “%(code)s” to enter in this set.") % {"code": code}
            errors.append(CellError(title, r, CODE_COL, message))
            continue
        if code in row_of:
            message = _("Indicator %(code)s is already on row %(row)s.") % {
                "code": code,
                "row": row_of[code],
            }
            errors.append(CellError(title, r, CODE_COL, message))
            continue
        row_of[code] = r
        if not raw:
            continue  # not filled in: nothing to enter
        if version is not None and (raw, comment) == (
            _text(ws.value(r, loaded_value_at)),
            _text(ws.value(r, loaded_comment_at)),
        ):
            continue  # sent back as the template was made: not a change
        try:
            parsed = parse_value(ind, raw)
        except InvalidValue as exc:
            errors.append(CellError(title, r, VALUE_COL, exc.message))
            continue
        current = stored.get(code)
        if (
            current is not None
            and current.status == ValueStatus.LOCKED
            and current.value == parsed.text
            and current.comment.strip() == comment  # cells are read stripped
        ):
            continue  # a locked value sent back unchanged is not a correction
        rows.append(ValueRow(indicator=code, value=raw, comment=comment, version=version))
    return rows, row_of


def workbook_import(
    *,
    data: bytes,
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    year: int,
    parent: AdministrativeUnit,
    user: Any,
) -> WorkbookResult:
    """Validate every cell, then write all sheets in one transaction, or nothing.

    ``ValidationFailed`` (field ``file``) when the file is not a workbook, is damaged, or is over
    the limits of ``core.spreadsheets``; the cells' problems are in the result."""
    result = WorkbookResult()
    worksheets = read_workbook(data)
    candidates = template_units(criteria_set=criteria_set, year=year, unit=parent)
    units = {u.code: u for u in candidates}
    stored = _stored(criteria_set, year, candidates)
    indicators = definition.indicators()
    sheets: list[_Sheet] = []
    seen: dict[int, str] = {}
    for ws in worksheets:
        unit = _read_header(
            ws, criteria_set=criteria_set, year=year, units=units, user=user, errors=result.errors
        )
        if unit is not None and unit.pk in seen:
            message = _("Unit %(code)s is already on the sheet “%(sheet)s”.") % {
                "code": unit.code,
                "sheet": seen[unit.pk],
            }
            result.errors.append(CellError(ws.title, 4, "B", message))
            continue
        values = stored[unit.pk] if unit is not None else {}
        rows, row_of = _read_rows(ws, indicators=indicators, stored=values, errors=result.errors)
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
            by=user,
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
