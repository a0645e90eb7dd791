"""The import of subscribers from a table (Excel or CSV), all or nothing with a per-row report.

Columns, found by their title (Vietnamese or English, with or without diacritics): hamlet (its
code, or its name when no other hamlet of the officer's units has it), name (optional), mobile
number, e-mail, Zalo follower id (at least one of the three), topics and channels (separated by
commas: the topics' or channels' names, or their codes; "tất cả" for every topic; channels in
order of preference), consent date (dd/mm/yyyy), consent source (blank: "imported list with
consent on file").

A row whose mobile number or e-mail is already a subscriber's of the officer's units updates
that subscriber (the list is the newer record of what they chose); an address registered in
another unit, to a subscriber who unsubscribed (coming back takes a new consent recorded on
their page), or to two different subscribers is refused. Two rows with the same address are
refused (the second one, naming the first).

The two phases of ``smartrural.core.imports``: every row is checked with reads only; with any
problem the report lists them all and nothing is written. Then one short transaction re-reads
the subscribers the check matched and writes them all with their history.
"""

from __future__ import annotations

from .rows import (
    ALIASES,
    ALL_TOPICS,
    CHANNEL_ALIASES,
    COLUMNS,
    DEADLINE_CHECK_ROWS,
    REQUIRED,
    SOURCE_ALIASES,
    TEMPLATE_EXAMPLE,
    TEMPLATE_TITLES,
    TOPIC_ALIASES,
    SubscriberRow,
    parse_date,
    subscriber_rows,
    template_bytes,
)
from .write import UPDATE_FIELDS, subscribers_import

__all__ = [
    "ALIASES",
    "ALL_TOPICS",
    "CHANNEL_ALIASES",
    "COLUMNS",
    "DEADLINE_CHECK_ROWS",
    "REQUIRED",
    "SOURCE_ALIASES",
    "TEMPLATE_EXAMPLE",
    "TEMPLATE_TITLES",
    "TOPIC_ALIASES",
    "UPDATE_FIELDS",
    "SubscriberRow",
    "parse_date",
    "subscriber_rows",
    "subscribers_import",
    "template_bytes",
]
