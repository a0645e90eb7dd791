"""Successions (old unit -> new unit) from CSV, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from smartrural.core.textcheck import clean_free_text, clean_name

from ..models import (
    AdministrativeUnit,
    Succession,
)
from .common import (
    SUCCESSION_COLUMNS,
    SUCCESSION_KIND_ALIASES,
    ImportFailed,
    ImportResult,
    RowError,
    _missing_columns,
    parse_date,
    read_csv,
)


def _units_on_days(needs: set[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], Any]:
    """The unit valid on each (code, day): one query per distinct day."""
    found: dict[tuple[str, dt.date], Any] = {}
    days: dict[dt.date, set[str]] = {}
    for code, day in needs:
        days.setdefault(day, set()).add(code)
    for day, codes in days.items():
        for unit in AdministrativeUnit.objects.valid_on(day).filter(code__in=codes):
            found.setdefault((unit.code, day), unit)
    return found


@dataclass
class _SuccessionRow:
    row: int
    old_code: str
    new_code: str
    effective: dt.date
    kind: str
    legal_basis: str
    note: str


def _parse_succession_row(
    n: int, raw: Mapping[str, str], errors: list[RowError]
) -> _SuccessionRow | None:
    start = len(errors)
    kind = SUCCESSION_KIND_ALIASES.get(raw["kind"].lower())
    if kind is None:
        errors.append(RowError(n, _("Unknown succession kind “%(kind)s”.") % {"kind": raw["kind"]}))
    effective: dt.date | None = None
    try:
        effective = parse_date(raw["effective_date"])
    except ValueError:
        errors.append(
            RowError(n, _("“%(value)s” is not a valid date.") % {"value": raw["effective_date"]})
        )
    else:
        if effective is None:
            errors.append(RowError(n, _("The effective date is required.")))
    texts: dict[str, str] = {}
    try:
        texts["legal_basis"] = clean_name(
            raw["legal_basis"], max_length=200, label=_("The legal basis"), required=False
        )
        texts["note"] = clean_free_text(raw["note"], max_length=300, label=_("The note"))
    except ValidationError as exc:
        errors.append(RowError(n, exc.messages[0]))
    if effective is None or kind is None or len(errors) > start:
        return None
    return _SuccessionRow(
        row=n,
        old_code=raw["predecessor_code"],
        new_code=raw["successor_code"],
        effective=effective,
        kind=kind,
        legal_basis=texts["legal_basis"],
        note=texts["note"],
    )


def _no_unit(n: int, code: str, day: dt.date) -> RowError:
    return RowError(
        n,
        _("No unit has code %(code)s on %(date)s.")
        % {"code": code, "date": day.strftime("%d/%m/%Y")},
    )


@transaction.atomic
def import_succession_rows(header: list[str], raw_rows: list[dict[str, str]]) -> ImportResult:
    errors = _missing_columns(header, SUCCESSION_COLUMNS)
    if errors:
        raise ImportFailed(errors)
    rows = [
        r for n, raw in enumerate(raw_rows, start=2) if (r := _parse_succession_row(n, raw, errors))
    ]
    one_day = dt.timedelta(days=1)
    units = _units_on_days(
        {(r.old_code, r.effective - one_day) for r in rows}
        | {(r.new_code, r.effective) for r in rows}
    )
    pending: list[tuple[int, Succession]] = []
    pairs: dict[tuple[int, int], int] = {}
    for r in rows:
        old = units.get((r.old_code, r.effective - one_day))
        new = units.get((r.new_code, r.effective))
        if old is None:
            errors.append(_no_unit(r.row, r.old_code, r.effective - one_day))
        if new is None:
            errors.append(_no_unit(r.row, r.new_code, r.effective))
        if old is None or new is None:
            continue
        if old.pk == new.pk:
            errors.append(RowError(r.row, _("A unit cannot succeed itself.")))
            continue
        if (old.pk, new.pk) in pairs:
            errors.append(
                RowError(
                    r.row,
                    _("The same succession already appears in row %(other)s.")
                    % {"other": pairs[(old.pk, new.pk)]},
                )
            )
            continue
        pairs[(old.pk, new.pk)] = r.row
        pending.append(
            (
                r.row,
                Succession(
                    predecessor=old,
                    successor=new,
                    kind=r.kind,
                    effective_date=r.effective,
                    legal_basis=r.legal_basis,
                    note=r.note,
                ),
            )
        )
    stored = {
        (s.predecessor_id, s.successor_id): s
        for s in Succession.objects.filter(predecessor_id__in={p for p, _n in pairs})
    }
    result = ImportResult()
    to_create = []
    for n, item in pending:
        current = stored.get((item.predecessor_id, item.successor_id))
        if current is None:
            to_create.append(item)
        elif (current.kind, current.effective_date, current.legal_basis, current.note) == (
            item.kind,
            item.effective_date,
            item.legal_basis,
            item.note,
        ):
            result.unchanged += 1
        else:
            errors.append(RowError(n, _("This succession is already recorded with other details.")))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    bulk_create_with_history(to_create, Succession, batch_size=500)
    result.created = len(to_create)
    return result


def import_successions(source: str | Path | io.TextIOBase) -> ImportResult:
    """Import a successions CSV (columns ``SUCCESSION_COLUMNS``); all-or-nothing."""
    header, rows = read_csv(source)
    return import_succession_rows(header, rows)
