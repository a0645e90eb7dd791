"""Writes of community technology teams (Tổ công nghệ số cộng đồng): the team, its members and
what it helped households with, one module each. Services take values their forms already
checked (``forms.TeamForm``, ``MemberForm``, ``ActivityForm``); they check what a form cannot:
the writer's scope, the team's state, dates against today and the team's life, unique names.

A team hangs off a hamlet or a commune; the unit is looked up by its code on the day the team was
established. Readers of the scope get 403 (``PermissionDenied``), broken rules ``ValidationFailed``
with the field they concern."""

from __future__ import annotations

from .activities import activity_delete, activity_record
from .members import member_add, member_set_active, member_update
from .state import team_set_active
from .teams import TEAM_LEVELS, team_create, team_update

__all__ = [
    "TEAM_LEVELS",
    "activity_delete",
    "activity_record",
    "member_add",
    "member_set_active",
    "member_update",
    "team_create",
    "team_set_active",
    "team_update",
]
