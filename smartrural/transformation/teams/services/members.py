"""A team's members: added (to an active team), corrected, deactivated and reactivated."""

from __future__ import annotations

from django.db import transaction

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.versioning import check_version
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import (
    CommunityTechTeam,
    TeamMember,
)

from .state import _require_active


@transaction.atomic
def member_add(
    *, team: CommunityTechTeam, full_name: str, role: str = "", phone: str = "", by: Actor
) -> TeamMember:
    require_writer(by)
    _require_active(team)
    member = TeamMember(team=team, full_name=full_name, role=role, phone=phone)
    return save_as(member, by)


@transaction.atomic
def member_update(
    *,
    member: TeamMember,
    full_name: str,
    role: str = "",
    phone: str = "",
    version: int | None = None,
    by: Actor,
) -> TeamMember:
    """Correct a member (``EditConflict`` when the member changed since ``version``)."""
    require_writer(by)
    fields = {"full_name": full_name, "role": role, "phone": phone}
    check_version(member, version, sent=fields)
    for name, value in fields.items():
        setattr(member, name, value)
    return save_as(member, by)


@transaction.atomic
def member_set_active(*, member: TeamMember, active: bool, by: Actor) -> TeamMember:
    require_writer(by)
    check_version(member, None, sent={})
    if member.active != active:
        if active:
            _require_active(member.team)
        member.active = active
        save_as(member, by)
    return member
