"""How the programme's services save and delete a record: with the acting user as the author
of the change in its history (``None`` when the system itself acts: loads, the demo's set-up)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

from smartrural.accounts.actor import Actor

M = TypeVar("M", bound=Model)


def save_as(obj: M, by: Actor | None) -> M:
    """Save ``obj`` with ``by`` recorded as the author of the change."""
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save()
    return obj


def delete_as(obj: Model, by: Actor | None) -> None:
    """Delete ``obj`` with ``by`` recorded as the author of the deletion."""
    obj._history_user = by  # type: ignore[attr-defined]
    obj.delete()
