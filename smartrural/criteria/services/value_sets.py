"""Data value set imports: the values of one or several units for a year, all or nothing.

Every row is checked first (``value_set_check``, without the write lock); with any conflict
nothing is written. Otherwise ``value_sets_write`` writes them with their history in one short
transaction and drops the cached evaluations they feed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet, IndicatorValue, ValueStatus
from .cache import invalidate_evaluations
from .rows import ImportSummary, ValueConflict, ValueRow, ValueSetPlan, snapshot
from .value_set_check import value_set_check

_UPDATE_FIELDS = ("value", "number", "comment", "status", "entered_by", "entered_at", "version")


def value_sets_write(plans: list[ValueSetPlan], *, by: Actor) -> bool:
    """The write phase of data value set imports: every plan written with history in one
    short transaction, and the evaluations it feeds dropped; ``True``.

    The statements are prepared first (``smartrural.core.bulk``). Inside the transaction the
    stored values the check saw are read again: a value created, changed or locked since is a
    conflict of its plan, and nothing is written (``False``).
    """
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    for plan in plans:
        for code, text, number, comment in plan.to_create:
            to_create.append(
                IndicatorValue(
                    unit=plan.unit,
                    criteria_set_id=plan.root,
                    year=plan.year,
                    indicator_code=code,
                    value=text,
                    number=number,
                    comment=comment,
                    entered_by=by,
                )
            )
        for current, text, number, comment in plan.to_update:
            current.value, current.number, current.comment = text, number, comment
            current.status, current.entered_by = ValueStatus.ENTERED, by
            current.version += 1  # a bulk write: no save() to count it
            to_update.append(current)
    prepared = prepare_bulk_write(
        IndicatorValue, create=to_create, update=to_update, update_fields=_UPDATE_FIELDS
    )
    with transaction.atomic():
        changed = False
        for plan in plans:
            now = {
                v.indicator_code: v
                for v in IndicatorValue.objects.select_for_update().filter(
                    unit=plan.unit, criteria_set_id=plan.root, year=plan.year
                )
            }
            for code, before in plan.seen.items():
                if snapshot(now.get(code)) != before:
                    message = changed_meanwhile_message()
                    plan.summary.conflicts.append(ValueConflict(code, plan.sent[code], message))
                    changed = True
        if changed:
            for plan in plans:
                plan.summary.imported = plan.summary.updated = plan.summary.ignored = 0
            return False
        run_bulk_write(prepared, history_user_id=by.pk)
        for plan in plans:
            if plan.to_create or plan.to_update:
                invalidate_evaluations(unit=plan.unit, year=plan.year)
    return True


def data_value_set_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    unit: AdministrativeUnit,
    rows: Iterable[ValueRow],
    by: Actor,
) -> ImportSummary:
    """Import a data value set for one unit and year, all or nothing.

    Every row is validated first, without holding the write lock (unknown indicator, malformed
    value, an indicator twice, a locked value; a year outside the set's period or a unit of
    another level is one conflict for the whole set); with any conflict nothing is written and
    the summary lists them all. Otherwise new values are imported, changed ones updated and
    identical ones ignored, in one short transaction (``value_sets_write``). More than
    ``IMPORT_MAX_ROWS`` rows: ``TooManyRows``.
    """
    rows = list(rows)
    require_import_size(len(rows))
    plan = value_set_check(criteria_set=criteria_set, year=year, unit=unit, rows=rows)
    if not plan.summary.conflicts:
        value_sets_write([plan], by=by)
    return plan.summary


def data_value_sets_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    batches: Iterable[tuple[AdministrativeUnit, list[ValueRow]]],
    by: Actor,
) -> dict[int, ImportSummary]:
    """``data_value_set_import`` for several units at once, all or nothing across them:
    unit id -> summary; when any unit has a conflict, nothing at all is written. At most
    ``IMPORT_MAX_ROWS`` rows in all (``TooManyRows``)."""
    batches = list(batches)
    require_import_size(sum(len(rows) for _unit, rows in batches))
    plans = [
        value_set_check(criteria_set=criteria_set, year=year, unit=unit, rows=rows)
        for unit, rows in batches
    ]
    if not any(plan.summary.conflicts for plan in plans):
        value_sets_write(plans, by=by)
    return {plan.unit.pk: plan.summary for plan in plans}
