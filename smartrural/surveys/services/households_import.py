"""The import of households from a table (Excel or CSV), all or nothing with a per-row report.

Columns, found by their title (Vietnamese or English, as in the template): hamlet code (the GSO
code of the ấp), household number, head of household, address (optional), active (optional:
có/không). A row whose hamlet already has a household of that number updates it; any other row
adds one. Blank "active" keeps a household's status (new ones are active).

The two phases of ``smartrural.core.imports``: every row is checked with reads only; with any
problem the report lists them all (each with its row number) and nothing is written. Then one
short transaction re-reads the households the check matched and writes every new and changed
household with its history (``smartrural.core.bulk``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.exports import write_cell
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.core.tabular import ImportResult, RowError, cell_text, header_columns, numbered_rows
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level

from ..forms.households import COLUMNS, HouseholdRowForm
from ..models import Household

DEADLINE_CHECK_ROWS = 500
REQUIRED = ("hamlet", "number", "head_name")
# Column titles recognised in any interface language (folded: lower case, no diacritics).
ALIASES: dict[str, frozenset[str]] = {
    "hamlet": frozenset({"hamlet code", "hamlet", "ma ap", "ma ap, khom", "ap", "ma don vi"}),
    "number": frozenset({"household number", "number", "so ho", "ma ho", "so thu tu ho"}),
    "head_name": frozenset({"head of household", "head", "chu ho", "ho ten chu ho"}),
    "address": frozenset({"address", "dia chi"}),
    "active": frozenset({"active", "con o", "dang o", "hoat dong", "trang thai"}),
}
# The template's titles, in Vietnamese whatever the interface language (like the paper forms).
TEMPLATE_TITLES = {
    "hamlet": "Mã ấp",
    "number": "Số hộ",
    "head_name": "Chủ hộ",
    "address": "Địa chỉ",
    "active": "Còn ở",
}
TEMPLATE_EXAMPLE = ("2947901", "12", "Nguyễn Văn An", "Tổ 3, ấp Chợ", "có")
UPDATE_FIELDS = ("head_name", "address", "active", "search_name", "version")


@dataclass(frozen=True)
class HouseholdRow:
    """One row of an import table; ``row`` is its number in the file (for the report)."""

    row: int
    hamlet: str
    number: str
    head_name: str
    address: str = ""
    active: str = ""


@dataclass
class _Checked:
    row: int
    hamlet: AdministrativeUnit
    number: str
    head_name: str
    address: str
    active: bool | None


# -- the table ---------------------------------------------------------------------------------


def _columns(header: list[Any]) -> dict[str, int]:
    return header_columns(
        header,
        {
            key: {*aliases, str(COLUMNS[key]), TEMPLATE_TITLES[key]}
            for key, aliases in ALIASES.items()
        },
        required=REQUIRED,
        names=COLUMNS,
    )


def household_rows(table: list[list[Any]]) -> list[HouseholdRow]:
    """Rows of households from a table whose first non-empty row holds the titles."""
    numbered = numbered_rows(table)
    columns = _columns(numbered[0][1])

    def cell(row: list[Any], key: str) -> str:
        position = columns.get(key)
        if position is None or position >= len(row):
            return ""
        return cell_text(row[position])

    return [
        HouseholdRow(
            row=number,
            hamlet=cell(row, "hamlet"),
            number=cell(row, "number"),
            head_name=cell(row, "head_name"),
            address=cell(row, "address"),
            active=cell(row, "active"),
        )
        for number, row in numbered[1:]
    ]


def template_bytes() -> bytes:
    """The import template: the titles and one example row (no formula: ``core.exports``)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Hộ gia đình"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF4CC")
    for col, key in enumerate(TEMPLATE_TITLES, start=1):
        cell = write_cell(sheet, 1, col, TEMPLATE_TITLES[key])
        cell.font, cell.fill = bold, fill
        write_cell(sheet, 2, col, TEMPLATE_EXAMPLE[col - 1]).number_format = "@"
    for letter, width in zip("ABCDE", (12, 12, 32, 40, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- the check phase ---------------------------------------------------------------------------


def _hamlets_by_code(rows: list[HouseholdRow], as_of: dt.date) -> dict[str, AdministrativeUnit]:
    codes = {r.hamlet.strip() for r in rows} - {""}
    units = AdministrativeUnit.objects.valid_on(as_of).filter(code__in=codes, level=Level.HAMLET)
    return {u.code: u for u in units}


def _check_row(
    row: HouseholdRow,
    *,
    hamlets: dict[str, AdministrativeUnit],
    as_of: dt.date,
    by: User,
    errors: list[RowError],
) -> _Checked | None:
    form = HouseholdRowForm(
        {
            "hamlet": row.hamlet,
            "number": row.number,
            "head_name": row.head_name,
            "address": row.address,
            "active": row.active,
        }
    )
    form.is_valid()
    data = form.cleaned_data
    if "hamlet" not in form.errors:
        hamlet = hamlets.get(data["hamlet"])
        if hamlet is None:
            form.add_error(
                "hamlet",
                _("No hamlet has code “%(code)s” on %(date)s.")
                % {"code": data["hamlet"], "date": as_of.strftime("%d/%m/%Y")},
            )
        elif not scope_for_user(by).contains(hamlet):
            form.add_error(
                "hamlet", _("%(hamlet)s is not in your units.") % {"hamlet": hamlet.name}
            )
        else:
            data["hamlet"] = hamlet
    for name in COLUMNS:
        for message in form.errors.get(name, []):
            errors.append(RowError(row.row, str(COLUMNS[name]), str(message)))
    if form.errors:
        return None
    return _Checked(
        row=row.row,
        hamlet=data["hamlet"],
        number=data["number"],
        head_name=data["head_name"],
        address=data["address"] or "",
        active=data["active"],
    )


def _key(item: _Checked) -> tuple[int, str]:
    return item.hamlet.pk, item.number


def _stored(checked: list[_Checked], *, lock: bool) -> dict[tuple[int, str], Household]:
    """The stored households the rows name (by hamlet and number)."""
    hamlets = {item.hamlet.pk for item in checked}
    numbers = {item.number for item in checked}
    qs = Household.objects.filter(hamlet_id__in=hamlets, number__in=numbers)
    if lock:
        qs = qs.select_for_update()
    return {(h.hamlet_id, h.number): h for h in qs}


def households_import(*, rows: list[HouseholdRow], as_of: dt.date, by: User) -> ImportResult:
    """Add or update households from a table, all or nothing (see the module's text).

    Hamlet codes are looked up on ``as_of`` and must be hamlets of ``by``'s units. A row whose
    hamlet and number appear on an earlier row is an error. ``TooManyRows`` over
    ``IMPORT_MAX_ROWS``.
    """
    require_writer(by)
    require_import_size(len(rows))
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no household to import.")))
        return result
    hamlets = _hamlets_by_code(rows, as_of)
    checked: list[_Checked] = []
    first_row: dict[tuple[int, str], int] = {}
    for position, row in enumerate(rows, start=1):
        if position % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        item = _check_row(row, hamlets=hamlets, as_of=as_of, by=by, errors=result.errors)
        if item is None:
            continue
        if _key(item) in first_row:
            result.errors.append(
                RowError(
                    item.row,
                    str(COLUMNS["number"]),
                    _("Household number %(number)s of %(hamlet)s is also on row %(row)s.")
                    % {
                        "number": item.number,
                        "hamlet": item.hamlet.name,
                        "row": first_row[_key(item)],
                    },
                )
            )
            continue
        first_row[_key(item)] = item.row
        checked.append(item)
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    seen = _stored(checked, lock=False)
    return _write(checked, seen=seen, by=by)


def _outcome(item: _Checked, stored: Household | None) -> tuple[str, Household | None]:
    if stored is None:
        household = Household(
            hamlet=item.hamlet,
            number=item.number,
            head_name=item.head_name,
            address=item.address,
            active=True if item.active is None else item.active,
            search_name=fold(item.head_name),
        )
        return "created", household
    active = stored.active if item.active is None else item.active
    if (item.head_name, item.address, active) == (stored.head_name, stored.address, stored.active):
        return "unchanged", None
    stored.head_name, stored.address, stored.active = item.head_name, item.address, active
    stored.search_name = fold(item.head_name)
    stored.version += 1  # bulk writes bump the version themselves (core.versioning)
    return "updated", stored


def _write(
    checked: list[_Checked], *, seen: dict[tuple[int, str], Household], by: User
) -> ImportResult:
    """The write phase: every new and changed household in one short transaction; nothing when
    a household the check matched (or the absence of one) changed meanwhile."""
    result = ImportResult()
    before = {key: household.version for key, household in seen.items()}
    to_create: list[Household] = []
    to_update: list[Household] = []
    for item in checked:
        outcome, household = _outcome(item, seen.get(_key(item)))
        setattr(result, outcome, getattr(result, outcome) + 1)
        if household is not None:
            (to_create if outcome == "created" else to_update).append(household)
    prepared = prepare_bulk_write(
        Household, create=to_create, update=to_update, update_fields=UPDATE_FIELDS
    )
    with transaction.atomic():
        now = {key: household.version for key, household in _stored(checked, lock=True).items()}
        if now != before:
            moved = {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}
            message = changed_meanwhile_message()
            return ImportResult(
                errors=[RowError(i.row, "", message) for i in checked if _key(i) in moved]
            )
        run_bulk_write(prepared, history_user_id=by.pk)
    return result
