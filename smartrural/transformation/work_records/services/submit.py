"""Enter or correct one unit's count for one month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.versioning import NOT_STORED, EditConflict
from smartrural.geo.models import AdministrativeUnit

from ...models import Source, WorkRecordStat
from .rules import check_source, stat_conflicts, validate


def _save(
    row: WorkRecordStat | None,
    *,
    unit: AdministrativeUnit,
    month: dt.date,
    total: int,
    online: int,
    source: str,
    by: Actor,
) -> WorkRecordStat:
    """Store the figure into ``row`` (the one locked by the caller), or a new row."""
    if row is None:
        row = WorkRecordStat(unit=unit, month=month)
    row.total, row.online, row.source = total, online, source
    row.entered_by = by if getattr(by, "pk", None) else None
    row._history_user = row.entered_by  # type: ignore[attr-defined]
    row.save()
    return row


def _locked(unit: AdministrativeUnit, month: dt.date) -> WorkRecordStat | None:
    return WorkRecordStat.objects.select_for_update().filter(unit=unit, month=month).first()


@transaction.atomic
def work_record_submit(
    *,
    unit: AdministrativeUnit,
    month: dt.date,
    total: Any,
    online: Any,
    source: str = Source.ENTERED,
    version: int | None = None,
    by: Actor,
) -> WorkRecordStat:
    """Enter or correct one unit's count for one month (``ValidationFailed``); ``source`` says
    where the current figure came from. ``version``: the one of the figure the writer read
    (``NOT_STORED``: there was none); ``EditConflict`` when it changed since."""
    check_source(source)
    total_n, online_n = validate(unit=unit, month=month, total=total, online=online)
    stored = _locked(unit, month)
    key = f"{unit.code} {month:%m/%Y}"
    meanwhile = stat_conflicts(stored, version, total=total_n, online=online_n, key=key)
    if meanwhile:
        raise EditConflict(meanwhile, current_version=stored.version if stored else NOT_STORED)
    return _save(
        stored, unit=unit, month=month, total=total_n, online=online_n, source=source, by=by
    )
