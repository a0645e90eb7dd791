"""A team that stopped working, or works again: an inactive team takes no new member and
records nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import (
    CommunityTechTeam,
)


@transaction.atomic
def team_set_active(
    *, team: CommunityTechTeam, active: bool, by: Actor, on: dt.date | None = None
) -> CommunityTechTeam:
    """Deactivate (a team that stopped working ``on``, default today) or reactivate a team; no
    change, no record. The day keeps past years' coverage true."""
    require_writer(by)
    check_version(team, None, sent={})
    if team.active == active:
        return team
    day = on or timezone.localdate()
    if not active and (day > timezone.localdate() or day < team.established):
        raise ValidationFailed(
            _("A team stops between its establishment (%(established)s) and today.")
            % {"established": team.established.strftime("%d/%m/%Y")},
            field="on",
        )
    team.active = active
    team.inactive_since = None if active else day
    save_as(team, by)
    return team


def _require_active(team: CommunityTechTeam) -> None:
    if not team.active:
        raise ValidationFailed(
            _("%(team)s is inactive: reactivate it first.") % {"team": team.name}
        )
