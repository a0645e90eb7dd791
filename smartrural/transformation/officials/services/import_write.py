"""The write phase of an officials import: every new and changed official in one short
transaction, or nothing when the units' officials changed meanwhile."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.imports import changed_meanwhile_message
from smartrural.core.tabular import ImportResult, RowError

from ...models import Official
from .import_index import _snapshots
from .import_rows import _Checked


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
