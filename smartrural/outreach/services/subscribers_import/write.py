"""The import itself: every row checked, then one short transaction that re-reads the matched
subscribers and writes them all with their history."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.core.tabular import ImportResult, RowError
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit

from ...models import PERSONAL_CHANNELS, Channel, ConsentSource, Subscriber, Topic
from ..subscribers import new_token, taken_message
from .rows import (
    CHANNEL_ALIASES,
    COLUMNS,
    DEADLINE_CHECK_ROWS,
    SOURCE_ALIASES,
    TOPIC_ALIASES,
    SubscriberRow,
    _check_row,
    _Checked,
    _Hamlets,
    _names,
)


def _stored(checked: list[_Checked], *, lock: bool) -> dict[tuple[str, str], Subscriber]:
    """The stored subscribers holding the rows' phones and e-mails, by ("phone"|"email", value)."""
    phones = {c.values["phone"] for c in checked} - {""}
    emails = {c.values["email"] for c in checked} - {""}
    qs = Subscriber.objects.select_related("hamlet").filter(phone__in=phones) | (
        Subscriber.objects.select_related("hamlet").filter(email__in=emails)
    )
    if lock:
        qs = qs.select_for_update()
    found: dict[tuple[str, str], Subscriber] = {}
    for subscriber in qs:
        if subscriber.phone:
            found[("phone", subscriber.phone)] = subscriber
        if subscriber.email:
            found[("email", subscriber.email)] = subscriber
    return found


def _match(
    item: _Checked, stored: dict[tuple[str, str], Subscriber], by: User
) -> tuple[str, str] | None:
    """Attach the stored subscriber the row updates; (column, message) when it may not."""
    matches = {
        key: stored[(key, item.values[key])]
        for key in ("phone", "email")
        if item.values[key] and (key, item.values[key]) in stored
    }
    people = {s.pk for s in matches.values()}
    if len(people) > 1:
        return "email", _("The mobile number and the e-mail belong to two different subscribers.")
    if not matches:
        return None
    key, subscriber = next(iter(matches.items()))
    if not scope_for_user(by).contains(subscriber.hamlet):
        return key, taken_message(key, subscriber, by)
    if subscriber.unsubscribed_at is not None:
        return key, _(
            "Subscriber #%(pk)s with this address unsubscribed on %(date)s: take them back on "
            "their page, with their new consent."
        ) % {"pk": subscriber.pk, "date": subscriber.unsubscribed_at.strftime("%d/%m/%Y")}
    item.stored = subscriber
    return None


def subscribers_import(
    *, rows: list[SubscriberRow], hamlets: list[AdministrativeUnit], by: User
) -> ImportResult:
    """Add or update subscribers from a table, all or nothing (see the module's text).

    ``hamlets``: the hamlets the rows may name (the officer's, as of the day shown). ``TooManyRows``
    over ``IMPORT_MAX_ROWS``."""
    require_writer(by)
    require_import_size(len(rows))
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no subscriber to import.")))
        return result
    scope = scope_for_user(by)
    known = _Hamlets([h for h in hamlets if scope.contains(h)])
    topic_names = _names(Topic.choices, TOPIC_ALIASES)
    channel_names = _names(
        [(c, label) for c, label in Channel.choices if c in PERSONAL_CHANNELS], CHANNEL_ALIASES
    )
    source_names = _names(ConsentSource.choices, SOURCE_ALIASES)
    checked: list[_Checked] = []
    first_row: dict[tuple[str, str], int] = {}
    for position, row in enumerate(rows, start=1):
        if position % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        item = _check_row(
            row,
            hamlets=known,
            topic_names=topic_names,
            channel_names=channel_names,
            source_names=source_names,
            errors=result.errors,
        )
        if item is None:
            continue
        twice = [
            (key, first_row[(key, item.values[key])])
            for key in ("phone", "email")
            if item.values[key] and (key, item.values[key]) in first_row
        ]
        if twice:
            key, earlier = twice[0]
            result.errors.append(
                RowError(
                    item.row,
                    str(COLUMNS[key]),
                    _("The same address is on row %(row)s.") % {"row": earlier},
                )
            )
            continue
        for key in ("phone", "email"):
            if item.values[key]:
                first_row[(key, item.values[key])] = item.row
        checked.append(item)
    stored = _stored(checked, lock=False)
    for item in checked:
        refusal = _match(item, stored, by)
        if refusal is not None:
            result.errors.append(RowError(item.row, str(COLUMNS[refusal[0]]), refusal[1]))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    return _write(checked, before={k: s.version for k, s in stored.items()}, by=by)


# -- the write phase ---------------------------------------------------------------------------

UPDATE_FIELDS = (
    "hamlet",
    "name",
    "search_name",
    "phone",
    "email",
    "zalo_user_id",
    "topics",
    "channels",
    "consent_at",
    "consent_source",
    "version",
)


def _outcome(item: _Checked, by: User) -> tuple[str, Subscriber | None]:
    values = {"hamlet": item.hamlet, **item.values}
    stored = item.stored
    if stored is None:
        subscriber = Subscriber(token=new_token(), created_by=by, **values)
        subscriber.search_name = fold(subscriber.name)
        return "created", subscriber
    if not item.values["email"]:
        values["email"] = stored.email  # a blank cell keeps what is known
    if not item.values["phone"]:
        values["phone"] = stored.phone
    if not item.values["zalo_user_id"]:
        values["zalo_user_id"] = stored.zalo_user_id
    if not item.values["name"]:
        values["name"] = stored.name
    current = {name: getattr(stored, name) for name in values}
    if current == values:
        return "unchanged", None
    for name, value in values.items():
        setattr(stored, name, value)
    stored.search_name = fold(stored.name)
    stored.version += 1  # bulk writes bump the version themselves (core.versioning)
    return "updated", stored


def _write(
    checked: list[_Checked], *, before: dict[tuple[str, str], int], by: User
) -> ImportResult:
    """Every new and changed subscriber in one short transaction; nothing when a subscriber the
    check matched (or the absence of one) changed meanwhile."""
    result = ImportResult()
    to_create: list[Subscriber] = []
    to_update: list[Subscriber] = []
    for item in checked:
        outcome, subscriber = _outcome(item, by)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if subscriber is not None:
            (to_create if outcome == "created" else to_update).append(subscriber)
    prepared = prepare_bulk_write(
        Subscriber, create=to_create, update=to_update, update_fields=UPDATE_FIELDS
    )
    try:
        with transaction.atomic():
            now = {k: s.version for k, s in _stored(checked, lock=True).items()}
            if now != before:
                moved = {k for k in now.keys() | before.keys() if now.get(k) != before.get(k)}
                return _changed_meanwhile(checked, moved)
            run_bulk_write(prepared, history_user_id=by.pk)
    except IntegrityError:  # an address registered by someone else at that very moment
        keys = {(k, c.values[k]) for c in checked for k in ("phone", "email") if c.values[k]}
        return _changed_meanwhile(checked, keys)
    return result


def _changed_meanwhile(checked: list[_Checked], moved: set[tuple[str, str]]) -> ImportResult:
    message = changed_meanwhile_message()
    return ImportResult(
        errors=[
            RowError(c.row, "", message)
            for c in checked
            if any((k, c.values[k]) in moved for k in ("phone", "email"))
        ]
    )
