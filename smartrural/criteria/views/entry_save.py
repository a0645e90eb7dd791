"""Saving the entry page: emptied values cleared and changed ones written, all or nothing, with
what others changed meanwhile shown as on the page."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.errors import DomainError
from smartrural.core.versioning import EditConflict, FieldConflict

from ..display import value_display
from ..forms import EntryForm, value_field
from ..services import ImportSummary, data_value_set_import, indicator_value_clear
from .common import Target


def save(
    target: Target, form: EntryForm, *, by: Actor
) -> tuple[ImportSummary, int, list[FieldConflict]]:
    """Clear the values the officer emptied and write those changed, all or nothing: the
    summary of the write, how many values were cleared, and the values changed meanwhile (any
    other problem is put on the form)."""
    meanwhile: list[FieldConflict] = []
    cleared = 0
    summary = ImportSummary()
    with transaction.atomic():
        for code in form.cleared_codes():
            try:
                removed = indicator_value_clear(
                    unit=target.unit,
                    criteria_set=target.criteria_set,
                    year=target.year,
                    indicator_code=code,
                    version=form.versions.get(code),
                    by=by,
                )
            except EditConflict as exc:
                meanwhile.extend(exc.conflicts)
            except DomainError as exc:
                form.add_error(value_field(code), exc.message)
            else:
                cleared += removed is not None
        rows = form.rows()
        if rows:
            summary = data_value_set_import(
                criteria_set=target.criteria_set,
                year=target.year,
                unit=target.unit,
                rows=rows,
                by=by,
            )
        changed_meanwhile = {c.row for c in summary.edited_meanwhile}
        meanwhile.extend(summary.edited_meanwhile)
        for conflict in summary.conflicts:
            if conflict.indicator in changed_meanwhile:
                continue  # shown with both values at the top of the form
            name = value_field(conflict.indicator)
            form.add_error(name if name in form.fields else None, conflict.message)
        if form.errors or meanwhile:
            transaction.set_rollback(True)  # nothing half-written
    return summary, cleared, meanwhile


def readable(target: Target, conflicts: list[FieldConflict]) -> list[FieldConflict]:
    """The conflicts with values shown as on the page ("87,5%", "Đạt"), not as stored."""
    indicators = target.definition.indicators()
    out = []
    for c in conflicts:
        ind = indicators.get(c.row)
        if ind is not None and c.field == "value":
            c = replace(
                c,
                current_display=value_display(ind, c.current),
                sent_display=value_display(ind, c.sent),
            )
        out.append(c)
    return out
