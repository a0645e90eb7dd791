"""The write phase of a work record import: every checked row in one short transaction, unless a
unit or a stored figure changed since the check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.imports import changed_meanwhile_message
from smartrural.geo.models import AdministrativeUnit

from ...models import WorkRecordStat
from .rows import CheckedWorkRecord, ImportSummary, RowConflict

_UNIT_FIELDS = ("level", "valid_from", "valid_to", "path")


def work_records_write(
    checked: list[CheckedWorkRecord], *, by: Actor, source: str
) -> ImportSummary:
    """The write phase of ``work_records_import``: every row created or updated (with history)
    in one short transaction.

    The statements are prepared first (``smartrural.core.bulk``), from the stored rows of the
    units and months read now. Inside the transaction the units the check picked and those
    stored rows are read again: a unit whose validity or place changed since (they decide
    which unit a code means in a month, and whether it is in ``by``'s scope), or a unit and
    month entered or removed since, makes its rows conflicts and nothing is written.
    """
    units = {item.unit.pk: item.unit for item in checked}
    months = {item.month for item in checked}
    stored = _stored_work_records(units, months)
    user = by if getattr(by, "pk", None) else None
    to_create: list[WorkRecordStat] = []
    to_update: list[WorkRecordStat] = []
    for item in checked:
        pk, version = stored.get((item.unit.pk, item.month), (None, 0))
        stat = WorkRecordStat(
            pk=pk,
            version=version + 1,  # a bulk write: no save() to count it
            unit=item.unit,
            month=item.month,
            total=item.total,
            online=item.online,
            source=source,
            entered_by=user,
        )
        (to_create if pk is None else to_update).append(stat)
    prepared = prepare_bulk_write(
        WorkRecordStat,
        create=to_create,
        update=to_update,
        update_fields=("total", "online", "source", "entered_by", "entered_at", "version"),
    )
    with transaction.atomic():
        now_units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=units)}
        changed = {
            pk
            for pk, unit in units.items()
            if pk not in now_units
            or any(getattr(now_units[pk], f) != getattr(unit, f) for f in _UNIT_FIELDS)
        }
        now_stored = _stored_work_records(units, months, lock=True)
        moved = {
            key
            for key in stored.keys() | now_stored.keys()
            if stored.get(key) != now_stored.get(key)
        }
        conflicts = [
            RowConflict(row=item.row, unit=item.unit.code, message=changed_meanwhile_message())
            for item in checked
            if item.unit.pk in changed or (item.unit.pk, item.month) in moved
        ]
        if conflicts:
            return ImportSummary(conflicts=conflicts)
        run_bulk_write(prepared, history_user_id=getattr(user, "pk", None))
    return ImportSummary(imported=len(to_create), updated=len(to_update))


def _stored_work_records(
    units: Iterable[int], months: Iterable[dt.date], *, lock: bool = False
) -> dict[tuple[int, dt.date], tuple[int, int]]:
    """(unit id, month) -> (id, version) of the stored rows among ``units`` × ``months``."""
    rows = WorkRecordStat.objects.filter(unit_id__in=list(units), month__in=list(months))
    if lock:
        rows = rows.select_for_update()
    return {
        (unit, month): (pk, version)
        for pk, unit, month, version in rows.values_list("pk", "unit_id", "month", "version")
    }
