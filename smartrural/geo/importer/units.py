"""Administrative units from CSV, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from smartrural.core.dates import today
from smartrural.core.text import fold
from smartrural.core.textcheck import clean_name

from ..models import (
    KINDS_BY_LEVEL,
    LEVEL_DEPTH,
    AdministrativeUnit,
    Level,
    Region,
    path_segment,
)
from .common import (
    PARENT_LEVELS,
    UNIT_COLUMNS,
    ImportFailed,
    ImportResult,
    RowError,
    _missing_columns,
    _overlaps,
    parse_date,
    read_csv,
)

NAME_MAX = AdministrativeUnit._meta.get_field("name").max_length or 200


@dataclass
class _UnitRow:
    row: int
    level: str
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    region: str
    commune_group: int | None
    parent: AdministrativeUnit | _UnitRow | None = None
    existing: AdministrativeUnit | None = None
    unit: AdministrativeUnit | None = field(default=None, repr=False)

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _parse_unit_row(n: int, raw: Mapping[str, str], errors: list[RowError]) -> _UnitRow | None:
    start = len(errors)

    def err(message: str) -> None:
        errors.append(RowError(n, message))

    level, code, kind = raw["level"], raw["code"], raw["kind"]
    if level not in LEVEL_DEPTH:
        err(_("Unknown level “%(level)s”.") % {"level": level})
    elif kind not in KINDS_BY_LEVEL[level]:
        err(
            _("Kind “%(kind)s” does not belong to level “%(level)s”.")
            % {"kind": kind, "level": level}
        )
    if not code.isdigit():
        err(_("The code must be digits only."))
    name = ""
    if not raw["name"]:
        err(_("The name is required."))
    else:
        try:
            name = " ".join(clean_name(raw["name"], max_length=NAME_MAX).split())
        except ValidationError as exc:
            err(exc.messages[0])
    dates: list[dt.date | None] = []
    for column in ("valid_from", "valid_to"):
        try:
            dates.append(parse_date(raw[column]))
        except ValueError:
            err(_("“%(value)s” is not a valid date.") % {"value": raw[column]})
            dates.append(None)
    valid_from, valid_to = dates
    if valid_from and valid_to and valid_from > valid_to:
        err(_("valid_from is after valid_to."))
    if raw["region"] and raw["region"] not in Region.values:
        err(_("Unknown region “%(region)s”.") % {"region": raw["region"]})
    group: int | None = None
    if raw["commune_group"]:
        if raw["commune_group"] in ("1", "2", "3"):
            group = int(raw["commune_group"])
        else:
            err(_("The commune group is 1, 2 or 3."))
    if level == Level.PROVINCE and raw["parent_code"]:
        err(_("A province has no parent unit."))
    if level in PARENT_LEVELS and not raw["parent_code"]:
        err(_("This unit needs a parent unit."))
    if len(errors) > start:
        return None
    return _UnitRow(
        row=n,
        level=level,
        code=code,
        name=name,
        kind=kind,
        parent_code=raw["parent_code"],
        valid_from=valid_from,
        valid_to=valid_to,
        region=raw["region"],
        commune_group=group,
    )


def _region(row: _UnitRow) -> str:
    """The row's region, or its parent's when empty (as ``unit_create`` does)."""
    if row.region or row.parent is None:
        return row.region
    return _region(row.parent) if isinstance(row.parent, _UnitRow) else row.parent.region


def _same(row: _UnitRow, unit: AdministrativeUnit, parent_id: int | None) -> bool:
    return (
        unit.valid_from == row.valid_from
        and unit.valid_to == row.valid_to
        and unit.name == row.name
        and unit.kind == row.kind
        and unit.level == row.level
        and unit.parent_id == parent_id
        and unit.region == _region(row)
        and unit.commune_group == row.commune_group
    )


def _resolve_parent(
    row: _UnitRow, by_code: dict[str, list[AdministrativeUnit | _UnitRow]]
) -> AdministrativeUnit | _UnitRow | None:
    day = row.valid_from or row.valid_to or today()
    for candidate in by_code.get(row.parent_code, []):
        if candidate.covers(day) if isinstance(candidate, _UnitRow) else candidate.is_valid_on(day):
            return candidate
    return None


def _check_against_parent(row: _UnitRow, parent: AdministrativeUnit | _UnitRow) -> list[str]:
    problems = []
    if parent.level not in PARENT_LEVELS.get(row.level, set()):
        problems.append(
            _("A %(level)s cannot be placed under a %(parent)s.")
            % {"level": row.level, "parent": parent.level}
        )
    if parent.valid_from and (row.valid_from is None or row.valid_from < parent.valid_from):
        problems.append(
            _("The unit would exist before its parent %(parent)s.") % {"parent": parent.name}
        )
    if parent.valid_to and (row.valid_to is None or row.valid_to > parent.valid_to):
        problems.append(
            _("The unit would outlive its parent %(parent)s.") % {"parent": parent.name}
        )
    return problems


def validate_units(
    header: list[str], raw_rows: list[dict[str, str]], *, keep_existing: bool = False
) -> list[_UnitRow]:
    """Parsed, resolved rows; raises ImportFailed listing every problem. ``keep_existing``: a
    row whose unit is stored (same code and start) is that unit, even edited since."""
    errors = _missing_columns(header, UNIT_COLUMNS)
    if errors:
        raise ImportFailed(errors)
    rows = [r for n, raw in enumerate(raw_rows, start=2) if (r := _parse_unit_row(n, raw, errors))]
    codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
    existing: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(code__in=codes).order_by("valid_from"):
        existing.setdefault(unit.code, []).append(unit)
    # Same code twice in the file with overlapping validity.
    seen: dict[str, list[_UnitRow]] = {}
    for row in rows:
        for other in seen.get(row.code, []):
            if _overlaps(row.valid_from, row.valid_to, other.valid_from, other.valid_to):
                errors.append(
                    RowError(
                        row.row,
                        _("Code %(code)s is already in row %(other)s for an overlapping period.")
                        % {"code": row.code, "other": other.row},
                    )
                )
        seen.setdefault(row.code, []).append(row)
    # Rows already stored are the stored unit; the others become candidates for parents.
    by_code: dict[str, list[AdministrativeUnit | _UnitRow]] = {
        code: list(units) for code, units in existing.items()
    }
    for row in rows:
        row.existing = next(
            (u for u in existing.get(row.code, []) if u.valid_from == row.valid_from), None
        )
        if row.existing is None:
            by_code.setdefault(row.code, []).append(row)
    for row in rows:
        if row.parent_code:
            row.parent = _resolve_parent(row, by_code)
            if row.parent is None:
                errors.append(
                    RowError(
                        row.row,
                        _("Unknown parent code %(code)s (no unit with it on the row's dates).")
                        % {"code": row.parent_code},
                    )
                )
                continue
            for problem in _check_against_parent(row, row.parent):
                errors.append(RowError(row.row, problem))
        parent_id = row.parent.pk if isinstance(row.parent, AdministrativeUnit) else None
        if row.existing is not None and (keep_existing or _same(row, row.existing, parent_id)):
            continue
        for unit in existing.get(row.code, []):
            if _overlaps(row.valid_from, row.valid_to, unit.valid_from, unit.valid_to):
                errors.append(
                    RowError(
                        row.row,
                        _("Code %(code)s is already used by %(name)s in an overlapping period.")
                        % {"code": row.code, "name": unit.name},
                    )
                )
                break
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    return rows


def _write_units(rows: list[_UnitRow], *, is_demo: bool, keep_existing: bool) -> ImportResult:
    result = ImportResult()
    new_rows = []
    for row in rows:
        parent_id = row.parent.pk if isinstance(row.parent, AdministrativeUnit) else None
        if row.existing is not None and (keep_existing or _same(row, row.existing, parent_id)):
            row.unit = row.existing
            result.unchanged += 1
        else:
            new_rows.append(row)
    # Parents before children: a level's rows get their ids, then their paths.
    for depth in sorted({LEVEL_DEPTH[r.level] for r in new_rows}):  # type: ignore[index]
        batch = [r for r in new_rows if LEVEL_DEPTH[r.level] == depth]  # type: ignore[index]
        objs = []
        for row in batch:
            parent = row.parent.unit if isinstance(row.parent, _UnitRow) else row.parent
            objs.append(
                AdministrativeUnit(
                    code=row.code,
                    name=row.name,
                    search_name=fold(row.name),
                    kind=row.kind,
                    level=row.level,
                    parent=parent,
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                    region=_region(row),
                    commune_group=row.commune_group,
                    is_demo=is_demo,
                )
            )
        created = bulk_create_with_history(objs, AdministrativeUnit, batch_size=500)
        if any(u.pk is None for u in created):  # databases without RETURNING
            created = [
                AdministrativeUnit.objects.get(code=o.code, valid_from=o.valid_from) for o in objs
            ]
        for row, unit in zip(batch, created, strict=True):
            unit.path = (unit.parent.path if unit.parent else "") + path_segment(unit.pk)
            row.unit = unit
        AdministrativeUnit.objects.bulk_update(created, ["path"], batch_size=500)
        result.created += len(created)
    return result


@transaction.atomic
def import_unit_rows(
    header: list[str],
    raw_rows: list[dict[str, str]],
    *,
    is_demo: bool = False,
    keep_existing: bool = False,
) -> ImportResult:
    rows = validate_units(header, raw_rows, keep_existing=keep_existing)
    return _write_units(rows, is_demo=is_demo, keep_existing=keep_existing)


def import_units(
    source: str | Path | io.TextIOBase, *, is_demo: bool = False, keep_existing: bool = False
) -> ImportResult:
    """Import a units CSV (columns ``UNIT_COLUMNS``); raises ImportFailed, writing nothing.

    ``keep_existing``: a unit already stored (same code and start of validity) counts as
    unchanged even when it was edited since (the reference data loaded again must not undo,
    nor trip over, the officers' corrections)."""
    header, rows = read_csv(source)
    return import_unit_rows(header, rows, is_demo=is_demo, keep_existing=keep_existing)
