"""Pages of the community technology teams: list with coverage, team page, team, member and
activity forms, histories (one module a page family). Thin: parse input, pass the access gate,
call a service, respond."""

from __future__ import annotations

from .activities import activity_add, activity_delete
from .common import FORM, PAGE_SIZE, READ
from .member_state import member_deactivate, member_history, member_reactivate
from .members import member_add, member_edit
from .team_forms import team_create, team_edit
from .team_state import team_deactivate, team_history, team_reactivate
from .teams import team_detail, team_list

__all__ = [
    "FORM",
    "PAGE_SIZE",
    "READ",
    "activity_add",
    "activity_delete",
    "member_add",
    "member_deactivate",
    "member_edit",
    "member_history",
    "member_reactivate",
    "team_create",
    "team_deactivate",
    "team_detail",
    "team_edit",
    "team_history",
    "team_list",
    "team_reactivate",
]
