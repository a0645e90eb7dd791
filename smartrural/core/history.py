"""A readable change history for any model with django-simple-history.

``history_entries(obj)`` lists who changed what and when with before/after values;
``render_history`` shows them on the shared ``core/history.html`` page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
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


def _label(model: type[models.Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    manager: Any = getattr(obj, "history")  # noqa: B009 - added by simple_history
    records = list(manager.select_related("history_user").order_by("history_date", "history_id"))
    model = type(obj)
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if previous is None:
            for field in record.instance._meta.concrete_fields:
                if field.name in HIDDEN_FIELDS:
                    continue
                value = getattr(record, field.attname, None)
                if value in (None, "", False):
                    continue
                label = _label(model, field.name)
                changes.append(FieldChange(label, "—", _display(record, field, value)))
        else:
            delta = record.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                changed: Any = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        _label(model, change.field),
                        _display(record, changed, change.old),
                        _display(record, changed, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("system"),
                change_type=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
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
) -> HttpResponse:
    paginator = Paginator(history_entries(obj), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "title": title,
            "back_url": back_url,
            "page": page,
            "crumbs": breadcrumbs or [],
        },
    )
