"""What the pilot services share: the shipped defaults file, limits, the history stamp, the
unit-writer check and the candidate lock.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import Actor
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


def _stamp(obj: Model, by: Actor | None) -> None:
    obj._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]


def _actor(by: Actor | None) -> Actor | None:
    return by if getattr(by, "pk", None) else None


def _require_unit_writer(by: Actor, unit: AdministrativeUnit) -> None:
    """``by`` writes and ``unit`` lies in their scope (the province office, the unit's district
    and commune officers)."""
    require_writer(by)
    if not scope_for_user(by).contains(unit):
        raise PermissionDenied(_("This unit is outside your units."))


def _year(value: int, *, latest: int) -> int:
    """A year from the pilots' first to ``latest``: a rule of time (the URL's year of an
    assessment, the year a candidate is proposed for), checked where the writing happens."""
    if not FIRST_YEAR <= value <= latest:
        raise ValidationFailed(
            _("%(label)s must be a whole number from %(low)s to %(high)s.")
            % {"label": _("Year"), "low": FIRST_YEAR, "high": latest},
            field="year",
        )
    return value


def _locked(candidate: PilotCandidate) -> PilotCandidate:
    return PilotCandidate.objects.select_for_update().select_related("unit").get(pk=candidate.pk)


def _require_proposed(candidate: PilotCandidate, message: str) -> None:
    if candidate.status != CandidateStatus.PROPOSED:
        raise Conflict(message % {"status": candidate.get_status_display().lower()})
