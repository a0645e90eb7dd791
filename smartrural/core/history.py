"""A readable change history for any model with django-simple-history.

``history_entries(obj)`` lists who changed what and when with before/after values;
``render_history`` shows them on the shared ``core/history.html`` page.

History is public, its authors are not: what changed and when is shown to every reader of the
page, who changed it (the officer, any field naming a user, and the change reason, free text
written beside the author that may name someone) only to readers the author policy allows.
The policy lives with the accounts and their scopes, a layer above: accounts registers it with
``register_author_policy`` when it starts. Until one is registered, nobody sees authors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHANGE_TYPES = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}
PAGE_SIZE = 25
# Not shown: ids, secrets, and the edit counter (``core.versioning``), which changes every time.
HIDDEN_FIELDS = frozenset({"id", "password", "version"})

# (reader, the record whose history is shown) -> whether the reader may see who changed it.
AuthorPolicy = Callable[[Any, models.Model], bool]
_author_policy: list[AuthorPolicy] = []


def register_author_policy(policy: AuthorPolicy) -> None:
    """Set the rule for who sees the authors of changes (accounts does, once, at start)."""
    _author_policy[:] = [policy]


def may_see_authors(user: object, obj: models.Model) -> bool:
    return bool(_author_policy) and _author_policy[0](user, obj)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str  # empty when the reader may not see authors
    change_type: str
    reason: str
    changes: list[FieldChange]


def _display(record: Any, field: models.Field[Any, Any], value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "strftime"):
        return (
            value.strftime("%d/%m/%Y")
            if not hasattr(value, "hour")
            else value.strftime("%d/%m/%Y %H:%M")
        )
    return str(value)


# Fields declared without a label of their own (Django would show the English field name): the
# bookkeeping names, worded here; a relation without a label is named by its model.
UNLABELLED_FIELDS = {
    "created_at": gettext_lazy("created at"),
    "created_by": gettext_lazy("created by"),
    "entered_at": gettext_lazy("entered at"),
    "entered_by": gettext_lazy("entered by"),
    "uploaded_by": gettext_lazy("uploaded by"),
    "proposed_at": gettext_lazy("proposed at"),
    "proposed_by": gettext_lazy("proposed by"),
    "scored_at": gettext_lazy("scored at"),
    "scored_by": gettext_lazy("scored by"),
    "assessed_at": gettext_lazy("assessed at"),
    "assessed_by": gettext_lazy("assessed by"),
    "recorded_at": gettext_lazy("recorded at"),
    "recorded_by": gettext_lazy("recorded by"),
    "content_type": gettext_lazy("file type"),
    "evidence_content_type": gettext_lazy("evidence file type"),
    "number": gettext_lazy("numeric value"),
    "search_name": gettext_lazy("name for search"),
    "path": gettext_lazy("position in the unit tree"),
}


def _label(model: type[models.Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    label = getattr(field, "verbose_name", name)
    if str(label) != name.replace("_", " "):
        return str(label)
    if name in UNLABELLED_FIELDS:
        return str(UNLABELLED_FIELDS[name])
    if field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return str(label)


def _names_a_user(field: Any) -> bool:
    return isinstance(field, models.ForeignKey) and field.related_model is get_user_model()


# field name -> how its stored value reads on the history page (instead of ``_display``)
FieldDisplay = dict[str, Callable[[Any], str]]


def _shown(record: Any, field: Any, value: Any, display: FieldDisplay) -> str:
    if field.name in display and value not in (None, ""):
        return display[field.name](value)
    return _display(record, field, value)


def _all_fields(
    record: Any, model: type[models.Model], *, authors: bool, hidden: frozenset[str]
) -> list[tuple[Any, str, Any]]:
    """(field, label, value) of every field ``record`` holds a value in."""
    out = []
    for field in record.instance._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in hidden:
            continue
        if not authors and _names_a_user(field):
            continue
        value = getattr(record, field.attname, None)
        if value in (None, "", False):
            continue
        out.append((field, _label(model, field.name), value))
    return out


def history_entries(
    obj: models.Model,
    *,
    authors: bool,
    records: Any = None,
    display: FieldDisplay | None = None,
    hidden: frozenset[str] = frozenset(),
) -> list[HistoryEntry]:
    """The changes of ``obj``, newest first. Without ``authors``: no officer, no change reason
    and no field that names a user (e.g. who decided), only what changed and when.

    ``records``: the historical records to show instead of ``obj``'s own (e.g. every record
    ever kept under one key, across a deletion and a new entry); ``display``: how some fields'
    values read; ``hidden``: fields left out. A deletion lists what was removed (before → —).
    """
    if records is None:
        records = getattr(obj, "history")  # noqa: B009 - added by simple_history
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    model = records[0].instance_type if records else type(obj)
    display = display or {}
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if record.history_type == "-":
            for field, label, value in _all_fields(record, model, authors=authors, hidden=hidden):
                changes.append(FieldChange(label, _shown(record, field, value, display), "—"))
        elif previous is None or previous.history_type == "-":
            for field, label, value in _all_fields(record, model, authors=authors, hidden=hidden):
                changes.append(FieldChange(label, "—", _shown(record, field, value, display)))
        else:
            delta = record.diff_against(previous, excluded_fields=["version", *hidden])
            for change in delta.changes:
                changed: Any = model._meta.get_field(change.field)
                if not authors and _names_a_user(changed):
                    continue
                changes.append(
                    FieldChange(
                        _label(model, change.field),
                        _shown(record, changed, change.old, display),
                        _shown(record, changed, change.new, display),
                    )
                )
        user = record.history_user
        who = ((user.get_full_name() or user.username) if user else _("system")) if authors else ""
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                change_type=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                reason=(record.history_change_reason or "") if authors else "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()  # newest first
    return entries


def render_history(
    request: HttpRequest,
    obj: models.Model,
    *,
    title: str,
    back_url: str,
    breadcrumbs: list[tuple[str, str]] | None = None,
    records: Any = None,
    display: FieldDisplay | None = None,
    hidden: frozenset[str] = frozenset(),
) -> HttpResponse:
    """The history page of ``obj`` (``records``, ``display``, ``hidden``: as for
    ``history_entries``; with ``records``, ``obj`` is what the author policy is asked about,
    e.g. the unit the records belong to)."""
    authors = may_see_authors(request.user, obj)
    entries = history_entries(obj, authors=authors, records=records, display=display, hidden=hidden)
    paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "title": title,
            "back_url": back_url,
            "page": page,
            "authors": authors,
            "crumbs": breadcrumbs or [],
        },
    )
