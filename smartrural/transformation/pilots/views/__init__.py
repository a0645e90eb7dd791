"""Smart pilot pages: candidates, plans, the province's configuration, smart hamlets."""

from __future__ import annotations

from .candidates import (
    candidate_add,
    candidate_decide,
    candidate_detail,
    candidate_history,
    candidate_scores,
    candidate_withdraw,
    pilot_list,
    score_history,
)
from .config import (
    criterion_add,
    criterion_edit,
    criterion_history,
    defaults_load,
    item_add,
    item_edit,
    item_history,
    pilot_settings,
)
from .hamlets import assessment_history, hamlet_assess, hamlet_list
from .plans import (
    milestone_add,
    milestone_delete,
    milestone_edit,
    milestone_history,
    plan_edit,
    plan_history,
)

__all__ = [
    "assessment_history",
    "candidate_add",
    "candidate_decide",
    "candidate_detail",
    "candidate_history",
    "candidate_scores",
    "candidate_withdraw",
    "criterion_add",
    "criterion_edit",
    "criterion_history",
    "defaults_load",
    "hamlet_assess",
    "hamlet_list",
    "item_add",
    "item_edit",
    "item_history",
    "milestone_add",
    "milestone_delete",
    "milestone_edit",
    "milestone_history",
    "pilot_list",
    "pilot_settings",
    "plan_edit",
    "plan_history",
    "score_history",
]
