"""The district's review of a commune's values: return one with a reason, or accept it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import check_version

from ..models import IndicatorValue, ValueStatus
from .rules import locked_message


def _check_reviewable(value: IndicatorValue, status: str, version: int | None) -> None:
    check_version(value, version, sent={"status": status})
    if value.status == ValueStatus.LOCKED:
        raise Conflict(locked_message(value.indicator_code))


def _save_review(value: IndicatorValue, *, status: str, comment: str, by: Actor) -> IndicatorValue:
    value.status = status
    value.review_comment = comment
    value._history_user = by  # type: ignore[attr-defined]
    value.save(update_fields=["status", "review_comment"])
    return value


@transaction.atomic
def indicator_value_return(
    *, value: IndicatorValue, comment: str, version: int | None = None, by: Actor
) -> IndicatorValue:
    """Send a value back to the commune with a comment (``EditConflict`` when the value changed
    since the reviewer read it at ``version``)."""
    _check_reviewable(value, ValueStatus.RETURNED, version)
    if not comment.strip():
        raise ValidationFailed(_("Say why the value is returned."), field="comment")
    return _save_review(value, status=ValueStatus.RETURNED, comment=comment.strip(), by=by)


@transaction.atomic
def indicator_value_accept(
    *, value: IndicatorValue, version: int | None = None, by: Actor
) -> IndicatorValue:
    """Accept a value as entered (a later correction makes it entered again; ``EditConflict``
    when it changed since the reviewer read it at ``version``)."""
    _check_reviewable(value, ValueStatus.ACCEPTED, version)
    return _save_review(value, status=ValueStatus.ACCEPTED, comment="", by=by)
