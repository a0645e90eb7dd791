"""The check phase of an officials import: each row through ``OfficialRowForm`` (the officials
form's checks), its unit on the import's date and in the writer's scope, its match among the
unit's officials, and two rows about one official."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.tabular import RowError
from smartrural.geo.models import AdministrativeUnit

from ..forms import COLUMNS, OfficialRowForm
from .import_index import _Index
from .import_rows import OfficialRow, _Checked
from .officials import check_unit, name_key


def _units_by_code(rows: list[OfficialRow], as_of: dt.date) -> dict[str, AdministrativeUnit]:
    codes = {str(r.unit if r.unit is not None else "").strip() for r in rows}
    units = AdministrativeUnit.objects.valid_on(as_of).filter(code__in=codes - {""})
    return {u.code: u for u in units}


def _row_unit(
    code: str, units: dict[str, AdministrativeUnit], as_of: dt.date, by: Actor
) -> AdministrativeUnit:
    unit = units.get(code)
    if unit is None:
        raise ValidationFailed(
            _("No unit has code “%(code)s” on %(date)s.")
            % {"code": code, "date": as_of.strftime("%d/%m/%Y")},
            field="unit",
        )
    check_unit(unit, by)
    return unit


def _check_row(
    row: OfficialRow,
    *,
    units: dict[str, AdministrativeUnit],
    index: _Index,
    as_of: dt.date,
    by: Actor,
    errors: list[RowError],
) -> _Checked | None:
    """The row checked through ``OfficialRowForm`` (the officials form's checks), then its unit
    (on ``as_of``, in ``by``'s scope): every problem goes to ``errors``."""
    form = OfficialRowForm(
        {
            "unit": row.unit,
            "full_name": row.full_name,
            "position": row.position,
            "identifier": row.identifier,
            "active": row.active,
        }
    )
    valid = form.is_valid()
    values: dict[str, Any] = dict(form.cleaned_data)
    failed = False
    for name in COLUMNS:
        if name == "unit" and name not in form.errors:
            try:
                values["unit"] = _row_unit(values["unit"], units, as_of, by)
            except ValidationFailed as exc:
                form.add_error("unit", exc.message)
        for message in form.errors.get(name, []):
            errors.append(RowError(row.row, str(COLUMNS[name]), str(message)))
            failed = True
    if failed or not valid:
        return None
    try:
        match = index.match(values["unit"], values["full_name"], values["identifier"])
    except ValidationFailed as exc:
        errors.append(RowError(row.row, str(COLUMNS["identifier"]), exc.message))
        return None
    return _Checked(row=row.row, match=match, **values)


def _row_key(checked: _Checked) -> tuple[int, str, str]:
    if checked.identifier:
        return (checked.unit.pk, "id", checked.identifier.casefold())
    return (checked.unit.pk, "name", name_key(checked.full_name))


def _duplicates(checked: list[_Checked], errors: list[RowError]) -> None:
    """Two rows for the same official (same key, or matching the same stored official)."""
    seen: dict[tuple[int, str, str], int] = {}
    claimed: dict[int, int] = {}
    for item in checked:
        key = _row_key(item)
        first = seen.setdefault(key, item.row)
        if first == item.row and item.match is not None:
            first = claimed.setdefault(item.match.pk, item.row)
        if first != item.row:
            errors.append(
                RowError(
                    item.row,
                    str(COLUMNS["identifier" if item.identifier else "full_name"]),
                    _("Row %(first)s is already about %(name)s of %(unit)s.")
                    % {"first": first, "name": item.full_name, "unit": item.unit.name},
                )
            )
