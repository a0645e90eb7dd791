"""What a team helped households with, on a day of its life, not in the future."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.transformation.authored import delete_as, save_as
from smartrural.transformation.models import (
    CommunityTechTeam,
    TeamActivity,
)

from .state import _require_active


@transaction.atomic
def activity_record(
    *,
    team: CommunityTechTeam,
    date: dt.date,
    kind: str,
    households: int,
    note: str = "",
    by: Actor,
) -> TeamActivity:
    """Record what the team helped households with on ``date`` (not in the future, not before
    the team was established)."""
    require_writer(by)
    _require_active(team)
    if date > today():
        raise ValidationFailed(
            _("The date %(date)s is in the future.") % {"date": date.strftime("%d/%m/%Y")},
            field="date",
        )
    if date < team.established:
        raise ValidationFailed(
            _("The date %(date)s is before the team was established (%(established)s).")
            % {
                "date": date.strftime("%d/%m/%Y"),
                "established": team.established.strftime("%d/%m/%Y"),
            },
            field="date",
        )
    activity = TeamActivity(
        team=team,
        date=date,
        kind=kind,
        households=households,
        note=note,
        recorded_by=by,
    )
    return save_as(activity, by)


@transaction.atomic
def activity_delete(*, activity: TeamActivity, by: Actor) -> None:
    """Remove an activity recorded by mistake (the deletion stays in its history)."""
    require_writer(by)
    delete_as(activity, by)
