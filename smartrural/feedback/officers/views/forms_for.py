"""The empty forms a report's page shows to an officer who may act on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from smartrural.accounts.actor import ActorRequest

from ... import workflow
from ...models import PhotoState, Report, ReportEvent, ReportPhoto
from ...selectors.queue import officers_of, reassign_targets
from ..forms.moderation import HideForm, ReasonForm, RedactPhotoForm, RedactTextForm
from ..forms.moves import (
    AssignForm,
    MoveForm,
    NoteForm,
    ReassignForm,
    RefuseForm,
    ReplyForm,
    ResolveForm,
)

MOVE_FORMS: dict[str, type[MoveForm]] = {
    "accept": MoveForm,
    "refuse": RefuseForm,
    "assign": AssignForm,
    "start": MoveForm,
    "resolve": ResolveForm,
    "close": MoveForm,
}


def action_form(
    request: ActorRequest, report: Report, name: str, data: Any = None, files: Any = None
) -> forms.Form:
    """The form of action ``name`` (a move, ``reassign``, ``reply`` or ``note``); its fields'
    ids carry the action's name (the page holds every form at once)."""
    version = {"version": report.version}
    ids = f"id_{name}_%s"
    if name == "assign":
        officers = officers_of(report.responsible_unit)
        return AssignForm(data, officers=officers, initial=version, auto_id=ids)
    if name in MOVE_FORMS:
        return MOVE_FORMS[name](data, initial=version, auto_id=ids)
    if name == "reassign":
        units = reassign_targets(request.user, report)
        return ReassignForm(data, units=units, initial=version, auto_id=ids)
    if name == "reply":
        return ReplyForm(data, files, auto_id=ids)
    return NoteForm(data, auto_id=ids)


def action_forms(request: ActorRequest, report: Report) -> dict[str, forms.Form]:
    names = [*workflow.moves_from(report.status)]
    if report.is_open:
        names.append("reassign")
    names += ["reply", "note"]
    return {name: action_form(request, report, name) for name in names}


def moderation_forms(
    report: Report, photos: Sequence[ReportPhoto], events: Sequence[ReportEvent]
) -> dict[str, forms.Form]:
    """The moderation forms: the report's, one pair a photo shown, one a public text."""
    version = {"version": report.version}
    found: dict[str, forms.Form] = {
        "hide": HideForm(initial=version, prefix="hide"),
        "redact": RedactTextForm(
            initial={**version, "public_description": report.public_description},
            prefix="redact",
        ),
    }
    for photo in photos:
        if photo.state != PhotoState.REMOVED:
            found[f"redact-photo-{photo.pk}"] = RedactPhotoForm(prefix=f"rp{photo.pk}")
            found[f"remove-photo-{photo.pk}"] = ReasonForm(prefix=f"xp{photo.pk}")
    for event in events:
        if event.public_text and not event.public_text_hidden:
            found[f"take-down-{event.pk}"] = ReasonForm(prefix=f"td{event.pk}")
    return found
