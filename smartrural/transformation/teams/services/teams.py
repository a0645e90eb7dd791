"""A team set up for a hamlet or a commune, and corrected: its unit (looked up on the day it
was established), name (unique in the unit) and establishment date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import Level
from smartrural.transformation.access import unit_for_writing
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import (
    CommunityTechTeam,
)

TEAM_LEVELS = frozenset({Level.HAMLET, Level.COMMUNE})


def _established(value: dt.date) -> dt.date:
    if value > today():
        raise ValidationFailed(
            _("The establishment date %(date)s is in the future.")
            % {"date": value.strftime("%d/%m/%Y")},
            field="established",
        )
    return value


def _check_name_free(*, team: CommunityTechTeam) -> None:
    others = CommunityTechTeam.objects.filter(unit=team.unit)
    if team.pk:
        others = others.exclude(pk=team.pk)
    # Compared in Python: SQLite folds the case of ASCII letters only ("Ấp" vs "ấp").
    if team.name.casefold() in {name.casefold() for name in others.values_list("name", flat=True)}:
        raise ValidationFailed(
            _("%(unit)s already has a team named “%(name)s”.")
            % {"unit": team.unit.name, "name": team.name},
            field="name",
        )


@transaction.atomic
def team_create(*, unit_code: str, name: str, established: dt.date, by: Actor) -> CommunityTechTeam:
    """Set up a team for the hamlet or commune with ``unit_code`` on ``established``."""
    require_writer(by)
    established = _established(established)
    unit = unit_for_writing(by, unit_code, on=established, levels=TEAM_LEVELS)
    team = CommunityTechTeam(
        unit=unit,
        name=name,
        established=established,
    )
    _check_name_free(team=team)
    return save_as(team, by)


@transaction.atomic
def team_update(
    *,
    team: CommunityTechTeam,
    unit_code: str,
    name: str,
    established: dt.date,
    version: int | None = None,
    by: Actor,
) -> CommunityTechTeam:
    """Correct a team's unit, name or establishment date. Recorded activities must stay on or
    after the establishment date. ``version``: the one the writer read (``EditConflict`` when
    the team changed since)."""
    require_writer(by)
    established = _established(established)
    unit = unit_for_writing(by, unit_code, on=established, levels=TEAM_LEVELS)
    sent = {"unit": unit, "name": name, "established": established}
    check_version(team, version, sent=sent)
    first = team.activities.order_by("date").values_list("date", flat=True).first()
    if first is not None and first < established:
        raise ValidationFailed(
            _(
                "The team has an activity on %(date)s, before %(established)s: the team cannot "
                "have been established later than its first activity."
            )
            % {"date": first.strftime("%d/%m/%Y"), "established": established.strftime("%d/%m/%Y")},
            field="established",
        )
    team.unit = unit
    team.name = name
    team.established = established
    _check_name_free(team=team)
    return save_as(team, by)
