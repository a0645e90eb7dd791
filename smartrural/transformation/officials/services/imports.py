"""The import of officials from a table (Excel or CSV), all or nothing with a per-row report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.errors import ValidationFailed
from smartrural.core.imports import changed_meanwhile_message, too_many_rows_message
from smartrural.geo.models import AdministrativeUnit

from ...models import Official
from ..forms import COLUMNS, OfficialRowForm
from .officials import check_unit, name_key

DEADLINE_CHECK_ROWS = 500  # the check loop looks at the request's deadline this often


@dataclass(frozen=True)
class OfficialRow:
    """One row of an import table; ``row`` is its number in the file (for the report)."""

    row: int
    unit: Any
    full_name: Any
    position: Any
    identifier: Any = ""
    active: Any = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Checked:
    row: int
    unit: AdministrativeUnit
    full_name: str
    position: str
    identifier: str
    active: bool | None
    match: Official | None


def _snapshots(units: Iterable[int], *, lock: bool = False) -> dict[int, tuple[Any, ...]]:
    """Official id -> what an import relies on, for the officials of ``units``."""
    officials = Official.objects.filter(unit_id__in=list(units))
    if lock:
        officials = officials.select_for_update()
    return {
        pk: tuple(rest)
        for pk, *rest in officials.values_list(
            "pk", "unit_id", "full_name", "position", "identifier", "active"
        )
    }


class _Index:
    """The officials of the units an import touches, by identifier and by name."""

    def __init__(self, units: Iterable[AdministrativeUnit]) -> None:
        self.by_id: dict[tuple[int, str], Official] = {}
        self.by_name: dict[tuple[int, str], list[Official]] = defaultdict(list)
        self.seen: dict[int, tuple[Any, ...]] = {}
        for official in Official.objects.filter(unit__in=list(units)).order_by("pk"):
            self.seen[official.pk] = (
                official.unit_id,
                official.full_name,
                official.position,
                official.identifier,
                official.active,
            )
            if official.identifier:
                self.by_id[(official.unit_id, official.identifier.casefold())] = official
            self.by_name[(official.unit_id, name_key(official.full_name))].append(official)

    def match(self, unit: AdministrativeUnit, full_name: str, identifier: str) -> Official | None:
        """By (unit, identifier); else the one namesake of the unit without an identifier.
        ``ValidationFailed`` when several namesakes could be meant."""
        namesakes = self.by_name.get((unit.pk, name_key(full_name)), [])
        if identifier:
            found = self.by_id.get((unit.pk, identifier.casefold()))
            if found is not None:
                return found
            plain = [o for o in namesakes if not o.identifier]
            return plain[0] if len(plain) == 1 else None
        if len(namesakes) > 1:
            raise ValidationFailed(
                _(
                    "Several officials named %(name)s work in %(unit)s: give the identifier "
                    "of the one meant."
                )
                % {"name": full_name, "unit": unit.name},
                field="identifier",
            )
        return namesakes[0] if namesakes else None


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


def _outcome(item: _Checked) -> tuple[str, Official | None]:
    """What the row does: "created" (a new official), "updated" (the changed official) or
    "unchanged"."""
    official = item.match
    active = True if item.active is None else item.active
    if official is None:
        return "created", Official(
            unit=item.unit,
            full_name=item.full_name,
            position=item.position,
            identifier=item.identifier,
            active=active,
        )
    new = (
        item.full_name,
        item.position,
        item.identifier or official.identifier,
        official.active if item.active is None else item.active,
    )
    if new == (official.full_name, official.position, official.identifier, official.active):
        return "unchanged", None
    official.full_name, official.position, official.identifier, official.active = new
    return "updated", official


def officials_write(checked: list[_Checked], *, seen: dict[int, Any], by: Actor) -> ImportResult:
    """The write phase of ``officials_import``: every new and changed official (with history)
    in one short transaction.

    The statements are prepared first (``smartrural.core.bulk``). Inside the transaction the
    officials of the units concerned are read again: when one was added, changed or removed
    since the check (``seen``: what it read), the rows of that unit are errors and nothing is
    written.
    """
    result = ImportResult()
    to_create: list[Official] = []
    to_update: list[Official] = []
    for item in checked:
        outcome, official = _outcome(item)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if official is not None:
            (to_create if outcome == "created" else to_update).append(official)
    prepared = prepare_bulk_write(
        Official,
        create=to_create,
        update=to_update,
        update_fields=("full_name", "position", "identifier", "active"),
    )
    units = {item.unit.pk for item in checked}
    with transaction.atomic():
        now = _snapshots(units, lock=True)
        moved = {
            unit
            for pk in now.keys() | seen.keys()
            if now.get(pk) != seen.get(pk)
            for unit in (now.get(pk, (None,))[0], seen.get(pk, (None,))[0])
        }
        if moved:
            message = changed_meanwhile_message()
            return ImportResult(
                errors=[RowError(i.row, "", message) for i in checked if i.unit.pk in moved]
            )
        run_bulk_write(prepared, history_user_id=getattr(by, "pk", None))
    return result


def officials_import(*, rows: Iterable[OfficialRow], as_of: dt.date, by: Actor) -> ImportResult:
    """Add or update officials from a table, all or nothing.

    Unit codes are looked up on ``as_of`` and must be units of ``by``'s scope. A row updates the
    official of its unit with the same identifier, or (no identifier, or none stored yet) the
    one of the same name; otherwise it adds one. Blank "active" keeps an official's status (new
    ones are active). With any row error nothing is written and ``errors`` lists them all.
    Every row is checked without holding the write lock, then ``officials_write`` writes them
    in one short transaction (the two phases are described in ``smartrural.core.imports``).
    """
    require_writer(by)
    rows = list(rows)
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no official to import.")))
        return result
    if len(rows) > settings.IMPORT_MAX_ROWS:
        result.errors.append(RowError(0, "", too_many_rows_message(len(rows))))
        return result
    units = _units_by_code(rows, as_of)
    index = _Index(units.values())
    checked: list[_Checked] = []
    for number, row in enumerate(rows, start=1):
        if number % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        item = _check_row(row, units=units, index=index, as_of=as_of, by=by, errors=result.errors)
        if item is not None:
            checked.append(item)
    _duplicates(checked, result.errors)
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    return officials_write(checked, seen=index.seen, by=by)
