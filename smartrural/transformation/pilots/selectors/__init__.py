"""Reads of the smart pilots: the access gates of candidates, milestones, scores, hamlets and
assessments; scoped lists with their totals; a candidate's score sheet; a plan's progress; a
hamlet's smart-hamlet checklist for a year.

One module an area; this package is their one import path."""

from __future__ import annotations

from .candidates import (
    CandidateRow,
    candidate_for_user,
    candidate_rows,
    candidates_for_user,
    score_for_user,
    sheet_maxima,
)
from .checklist import ChecklistLine, HamletChecklist, hamlet_checklist, hamlet_is_smart
from .common import FIRST_YEAR, percent, reference_date
from .hamlets import (
    active_item_count,
    assessment_for_user,
    communes_for_user,
    hamlet_for_user,
    hamlet_totals,
    hamlets_for_user,
)
from .plans import (
    MilestoneLine,
    PlanView,
    is_overdue,
    milestone_for_user,
    plan_for_user,
    plan_progress,
    plan_view,
)
from .score_sheet import ScoreLine, ScoreSheet, score_sheet

__all__ = [
    "FIRST_YEAR",
    "CandidateRow",
    "ChecklistLine",
    "HamletChecklist",
    "MilestoneLine",
    "PlanView",
    "ScoreLine",
    "ScoreSheet",
    "active_item_count",
    "assessment_for_user",
    "candidate_for_user",
    "candidate_rows",
    "candidates_for_user",
    "communes_for_user",
    "hamlet_checklist",
    "hamlet_for_user",
    "hamlet_is_smart",
    "hamlet_totals",
    "hamlets_for_user",
    "is_overdue",
    "milestone_for_user",
    "percent",
    "plan_for_user",
    "plan_progress",
    "plan_view",
    "reference_date",
    "score_for_user",
    "score_sheet",
    "sheet_maxima",
]
