"""Forms of the smart pilot pages. They shape input and give per-field messages; the services
check every rule again (and the rules that need the database).

One module an area; this package is their one import path."""

from __future__ import annotations

from .candidates import CandidateFilterForm, CandidateForm, DecisionForm, WithdrawForm
from .common import DATE_FORMATS, DayInput, changed_rows, day_field
from .config import CriterionForm, ItemForm
from .hamlets import MET_CHOICES, AssessmentForm, HamletFilterForm
from .plans import MilestoneForm, PlanForm
from .score_sheet import ScoreSheetForm

__all__ = [
    "DATE_FORMATS",
    "MET_CHOICES",
    "AssessmentForm",
    "CandidateFilterForm",
    "CandidateForm",
    "CriterionForm",
    "DayInput",
    "DecisionForm",
    "HamletFilterForm",
    "ItemForm",
    "MilestoneForm",
    "PlanForm",
    "ScoreSheetForm",
    "WithdrawForm",
    "changed_rows",
    "day_field",
]
