"""What the pilot services share: the shipped defaults file, limits, the history stamp, the
unit-writer check and the candidate lock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.geo.models import AdministrativeUnit, Level

from ...models import (
    CandidateStatus,
    PilotCandidate,
    PilotKind,
)
from ..selectors import FIRST_YEAR

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "defaults.yaml"
UNIT_LEVEL = {PilotKind.SMART_COMMUNE: Level.COMMUNE, PilotKind.SMART_HAMLET: Level.HAMLET}
MAX_SCORE_LIMIT = 1000
MAX_ORDER = 32767


def _stamp(obj: Model, by: Any) -> None:
    obj._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _require_unit_writer(by: Any, unit: AdministrativeUnit) -> None:
    """``by`` writes and ``unit`` lies in their scope (the province office, the unit's district
    and commune officers)."""
    require_writer(by)
    if not scope_for_user(by).contains(unit):
        raise PermissionDenied(_("This unit is outside your units."))


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s is too long (at most %(max)s characters).")
            % {"label": label, "max": max_length},
            field=field,
        )
    return text


def _whole(value: Any, *, field: str, label: str, low: int, high: int) -> int:
    """``value`` as a whole number within ``low..high`` (``ValidationFailed`` otherwise)."""
    message = _("%(label)s must be a whole number from %(low)s to %(high)s.") % {
        "label": label,
        "low": low,
        "high": high,
    }
    if isinstance(value, bool):
        raise ValidationFailed(message, field=field)
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(message, field=field) from exc
    if not low <= number <= high:
        raise ValidationFailed(message, field=field)
    return number


def _kind(kind: Any) -> str:
    if kind not in PilotKind.values:
        raise ValidationFailed(_("Choose a pilot kind."), field="kind")
    return str(kind)


def _date(value: Any, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationFailed(
            _("%(label)s must be a date (dd/mm/yyyy).") % {"label": label}, field=field
        )
    return value


def _year(value: Any, *, latest: int) -> int:
    return _whole(value, field="year", label=_("Year"), low=FIRST_YEAR, high=latest)


def _locked(candidate: PilotCandidate) -> PilotCandidate:
    return PilotCandidate.objects.select_for_update().select_related("unit").get(pk=candidate.pk)


def _require_proposed(candidate: PilotCandidate, message: str) -> None:
    if candidate.status != CandidateStatus.PROPOSED:
        raise Conflict(message % {"status": candidate.get_status_display().lower()})
