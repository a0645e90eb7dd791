"""What every bulk import shares: its size limit and its shape.

Every bulk import (work records, data value sets and the criteria workbook, officials) runs in
two phases so that it never holds the database's write lock for long:

1. *check*: every row is validated with reads only, outside any transaction (on SQLite in WAL
   mode others keep reading and writing meanwhile; with ``transaction_mode=IMMEDIATE`` a
   transaction would take the write lock at its start). Long loops call
   ``smartrural.core.deadline.check_deadline`` so a request past its time limit stops here.
   Any problem: the per-row report, nothing written.
2. *write*: one short transaction of bulk statements (``bulk_create_with_history`` /
   ``bulk_update_with_history``) that first re-reads what the check relied on; when it
   changed meanwhile, the rows concerned are reported as conflicts (``changed_meanwhile_message``)
   and nothing is written. All rows or none, as before.

``IMPORT_MAX_ROWS`` bounds the rows of one request, and with it the write transaction
(``bench/imports.py`` measures the lock time of an import at the limit).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import ValidationFailed


class TooManyRows(ValidationFailed):
    """More rows than ``IMPORT_MAX_ROWS`` in one import (413 in the API)."""

    status_code = 413


def too_many_rows_message(count: int) -> str:
    return _(
        "This import has %(count)s rows; at most %(limit)s rows are taken at a time. Split it "
        "into parts of at most %(limit)s rows (for example by unit or by month) and import "
        "them one after the other."
    ) % {
        "count": number_format(count, force_grouping=True),
        "limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
    }


def require_import_size(count: int) -> None:
    """``TooManyRows`` when an import of ``count`` rows is over ``IMPORT_MAX_ROWS``."""
    if count > settings.IMPORT_MAX_ROWS:
        raise TooManyRows(too_many_rows_message(count))


def changed_meanwhile_message() -> str:
    """For the rows whose stored data changed between the check and the write phase."""
    return _(
        "This was changed by someone else while the import was being checked; nothing was "
        "saved. Send the import again."
    )
