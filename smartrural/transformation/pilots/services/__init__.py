"""Writes of the smart pilots (Công văn 3445/BNN-VPĐP; QĐ 319/QĐ-TTg for smart hamlets).

- The province office configures the scoring sheet of each pilot kind and the smart-hamlet
  checklist (``scoring_criterion_*``, ``smart_hamlet_item_*``; shipped defaults in
  ``data/defaults.yaml`` through ``load_defaults``).
- A writer in scope proposes a commune (smart commune) or a hamlet (smart hamlet) with its
  outstanding field (``candidate_propose``) and may withdraw it while proposed; the province
  office scores it and selects it or not, with the decision's reference.
- A selected pilot gets a plan with milestones, kept by the province office or the unit's writers.
- Writers in scope assess their hamlets against the checklist each year (``hamlet_assess``).

One module an area; this package is their one import path. Every write validates its input
(``ValidationFailed`` with the form field), checks the actor (``PermissionDenied``) and records
the actor in the history.
"""

from __future__ import annotations

from .candidates import (
    ScoreInput,
    candidate_decide,
    candidate_propose,
    candidate_scores_set,
    candidate_withdraw,
)
from .common import DEFAULTS_FILE, MAX_ORDER, MAX_SCORE_LIMIT, UNIT_LEVEL
from .config import (
    DefaultsLoaded,
    load_defaults,
    pilot_defaults_load,
    scoring_criterion_create,
    scoring_criterion_update,
    smart_hamlet_item_create,
    smart_hamlet_item_update,
)
from .hamlets import Answer, hamlet_assess
from .plans import (
    pilot_milestone_create,
    pilot_milestone_delete,
    pilot_milestone_update,
    pilot_plan_save,
)

__all__ = [
    "DEFAULTS_FILE",
    "MAX_ORDER",
    "MAX_SCORE_LIMIT",
    "UNIT_LEVEL",
    "Answer",
    "DefaultsLoaded",
    "ScoreInput",
    "candidate_decide",
    "candidate_propose",
    "candidate_scores_set",
    "candidate_withdraw",
    "hamlet_assess",
    "load_defaults",
    "pilot_defaults_load",
    "pilot_milestone_create",
    "pilot_milestone_delete",
    "pilot_milestone_update",
    "pilot_plan_save",
    "scoring_criterion_create",
    "scoring_criterion_update",
    "smart_hamlet_item_create",
    "smart_hamlet_item_update",
]
