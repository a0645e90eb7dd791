"""Concurrent edits detected: a version per editable record, checked inside the writing
transaction, so that two officers editing one record never lose an update silently.

- ``Versioned`` gives a model ``version`` (1 when created, one more on every save).
- A service that changes a record calls ``check_version(record, version, sent=...)`` in its
  transaction before changing it: it locks the row, reloads it, and compares the stored version
  with the one the writer loaded. When they differ, ``EditConflict`` (409) names, per field the
  writer sent, the value now stored (with who changed it and when) and the value sent; when
  every field sent already holds the value sent, there is nothing to lose and the write goes on
  (a double click, two officers typing the same figure).
- A write of many records at once (an entry page, a score sheet) checks each record with
  ``row_conflicts`` and refuses the whole write with one ``EditConflict`` listing them all.
- ``version=None`` means the writer did not say (an API client that sends no ``If-Match``): the
  last writer wins, as before versions existed. Pages always send the version they loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Conflict

# The version a form sends for a record that did not exist when the page was loaded.
NOT_STORED = 0


class Versioned(models.Model):
    """A record officers edit: ``version`` counts its saves (optimistic locking)."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)
    # Fields whose change alone is no edit of the record (e.g. a user's last login).
    unversioned_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save counts, whoever makes it (services, the admin, the demo): bookkeeping like
        # ``auto_now``, not a business rule. Bulk writes bump ``version`` themselves.
        update_fields = kwargs.get("update_fields")
        bump = not self._state.adding and not (
            update_fields is not None and set(update_fields) <= self.unversioned_fields
        )
        if not bump:
            super().save(*args, **kwargs)
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        self.version += 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version -= 1
            raise


@dataclass(frozen=True)
class FieldConflict:
    """One field a writer sent whose stored value changed since the writer loaded it."""

    field: str  # the model field's name
    label: str
    current: Any  # the value stored now (JSON-friendly)
    sent: Any  # the value the writer sent (JSON-friendly)
    current_display: str
    sent_display: str
    changed_by: str = ""
    changed_at: dt.datetime | None = None
    # In a write of many records: which record (its key in the form, e.g. an indicator code),
    # how to name it, and its version now (NOT_STORED when it no longer exists).
    row: str = ""
    row_label: str = ""
    version: int | None = None


class EditConflict(Conflict):
    """The record changed since the writer loaded it (409): what is stored, what was sent."""

    def __init__(
        self, conflicts: list[FieldConflict], *, current_version: int | None = None
    ) -> None:
        super().__init__(_("Someone changed this since you opened the page."))
        self.conflicts = conflicts
        self.current_version = current_version

    def as_json(self) -> dict[str, Any]:
        """The API's 409 body."""
        body: dict[str, Any] = {
            "detail": _(
                "This record was changed by someone else since you read it: read it again, "
                "then send your change with its new version."
            ),
            "conflicts": [
                {"field": c.field, "current": c.current, "sent": c.sent}
                | ({"row": c.row} if c.row else {})
                for c in self.conflicts
            ],
        }
        if self.current_version is not None:
            body["current_version"] = self.current_version
        return body


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _display(field: Any, value: Any) -> str:
    """A field value as a reader of the page expects it (labels of choices, dd/mm/yyyy)."""
    if value is None or value == "":
        return "—"
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True)
    return str(value)


def _same(field: Any, stored: Any, sent: Any) -> bool:
    if isinstance(field, models.ForeignKey):
        return getattr(stored, "pk", stored) == getattr(sent, "pk", sent)
    if field is not None and stored is not None and sent is not None:
        try:
            return bool(field.to_python(stored) == field.to_python(sent))
        except (ValidationError, TypeError, ValueError):
            return False  # a value the field cannot read is not the stored one
    if stored in (None, "") and sent in (None, ""):
        return True
    return bool(stored == sent)


def _last_change(record: models.Model | None) -> tuple[str, dt.datetime | None]:
    """Who last changed ``record`` and when, from its history (empty without one)."""
    manager = getattr(record, "history", None) if record is not None else None
    if manager is None:
        return "", None
    entry = manager.select_related("history_user").order_by("-history_date").first()
    if entry is None:
        return "", None
    user = entry.history_user
    who = (user.get_full_name() or user.username) if user is not None else ""
    return who, entry.history_date


def _conflicts(
    model: type[models.Model],
    record: models.Model | None,
    sent: Mapping[str, Any],
    extra: Mapping[str, tuple[str, Any]],
    *,
    row: str = "",
    row_label: str = "",
) -> list[FieldConflict]:
    out: list[FieldConflict] = []
    who, when = _last_change(record)
    version = getattr(record, "version", NOT_STORED) if record is not None else NOT_STORED
    for name, value in sent.items():
        if name in extra:
            label, stored = extra[name]
            field: Any = None
        else:
            field = model._meta.get_field(name)
            label = str(getattr(field, "verbose_name", name))
            stored = getattr(record, name) if record is not None else None
        if _same(field, stored, value):
            continue
        out.append(
            FieldConflict(
                field=name,
                label=label[:1].upper() + label[1:],
                current=_plain(stored),
                sent=_plain(value),
                current_display=_display(field, stored),
                sent_display=_display(field, value),
                changed_by=who,
                changed_at=when,
                row=row,
                row_label=row_label,
                version=version if row else None,
            )
        )
    return out


def _reload_locked(obj: models.Model) -> None:
    """Reload ``obj`` from its locked row, keeping the related objects already loaded whose key
    did not change (no query more for the caller's ``select_related``)."""
    fields: list[Any] = list(obj._meta.concrete_fields)
    relations = [f for f in fields if f.is_relation and f.is_cached(obj)]
    kept = [(f, getattr(obj, f.attname), f.get_cached_value(obj)) for f in relations]
    try:
        obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    except ObjectDoesNotExist as exc:
        raise Conflict(_("This record was deleted after you opened it.")) from exc
    for field, key, related in kept:
        if getattr(obj, field.attname) == key:
            field.set_cached_value(obj, related)


def check_version(
    obj: Versioned,
    expected: int | None,
    *,
    sent: Mapping[str, Any],
    extra: Mapping[str, tuple[str, Any]] | None = None,
) -> None:
    """Lock ``obj``'s row until the end of the transaction, reload it as stored, and check that
    it is still at the version ``expected`` (the one the writer loaded; ``None``: the writer did
    not say). Call it before changing ``obj``: the fields the writer did not send then keep
    their stored values, whoever changed them meanwhile.

    ``sent``: model field name -> the value the writer wants stored; ``extra``: values that are
    no model field (e.g. a user's units) as name -> (label, value stored now). Raises
    ``EditConflict`` naming every field of ``sent`` whose stored value differs from the value
    sent; when there is none, nothing would be lost and the write goes on. Must run inside the
    writing transaction (on SQLite the IMMEDIATE transaction already serialises writers; on
    PostgreSQL the row lock does).
    """
    model = type(obj)
    _reload_locked(obj)
    if expected is None or expected == obj.version:
        return
    conflicts = _conflicts(model, obj, sent, extra or {})
    if conflicts:
        raise EditConflict(conflicts, current_version=obj.version)


def row_conflicts(
    model: type[Versioned],
    record: Versioned | None,
    expected: int | None,
    *,
    sent: Mapping[str, Any],
    row: str,
    row_label: str,
) -> list[FieldConflict]:
    """The conflicts of one record of a write of many (``record``: as stored now, locked by the
    caller; ``None`` when there is none). ``expected`` is the version the writer loaded
    (``NOT_STORED`` when there was no record; ``None``: the writer did not say). Empty when the
    record is as the writer loaded it, or when every field sent already holds the value sent."""
    if expected is None:
        return []
    version = record.version if record is not None else NOT_STORED
    if version == expected:
        return []
    return _conflicts(model, record, sent, {}, row=row, row_label=row_label)
