"""The import of officials from a table (Excel or CSV), all or nothing with a per-row report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.deadline import check_deadline
from smartrural.core.imports import too_many_rows_message
from smartrural.core.tabular import ImportResult, RowError

from .import_check import _check_row, _duplicates, _units_by_code
from .import_index import _Index
from .import_rows import OfficialRow, _Checked
from .import_write import officials_write

DEADLINE_CHECK_ROWS = 500  # the check loop looks at the request's deadline this often


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
