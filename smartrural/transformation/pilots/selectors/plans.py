"""A selected pilot's plan: its gates, its milestones (overdue or not) and its progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.dates import today

from ...access import object_in_scope
from ...models import PilotCandidate, PilotMilestone, PilotPlan
from .candidates import candidate_for_user


def plan_for_user(user: Actor, candidate_id: Any, *, write: bool = False) -> PilotPlan:
    """The plan of a candidate in ``user``'s scope; 404 when it has none."""
    candidate = candidate_for_user(user, candidate_id, write=write)
    plan = PilotPlan.objects.filter(candidate=candidate).first()
    if plan is None:
        raise Http404(_("This pilot has no plan yet."))
    plan.candidate = candidate
    return plan


def milestone_for_user(user: Actor, milestone_id: Any, *, write: bool = False) -> PilotMilestone:
    qs = PilotMilestone.objects.select_related("plan__candidate__unit__parent")
    return object_in_scope(qs, user, milestone_id, unit_field="plan__candidate__unit", write=write)


def is_overdue(milestone: PilotMilestone, *, on: dt.date | None = None) -> bool:
    """Due before ``on`` (today) and not complete."""
    return milestone.due < (on or today()) and milestone.progress < 100


@dataclass(frozen=True)
class MilestoneLine:
    milestone: PilotMilestone
    overdue: bool


@dataclass(frozen=True)
class PlanView:
    plan: PilotPlan
    milestones: list[MilestoneLine]

    @property
    def progress(self) -> Decimal | None:
        """The average of the milestones' progress (None without milestones)."""
        if not self.milestones:
            return None
        total = sum(line.milestone.progress for line in self.milestones)
        return (Decimal(total) / len(self.milestones)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def overdue_count(self) -> int:
        return sum(1 for line in self.milestones if line.overdue)


def plan_view(candidate: PilotCandidate, *, on: dt.date | None = None) -> PlanView | None:
    plan = PilotPlan.objects.filter(candidate=candidate).first()
    if plan is None:
        return None
    on = on or today()
    lines = [MilestoneLine(m, is_overdue(m, on=on)) for m in plan.milestones.all()]
    return PlanView(plan, lines)


def plan_progress(plan: PilotPlan) -> Decimal | None:
    """Overall progress of ``plan``: the average of its milestones' progress."""
    view = PlanView(plan, [MilestoneLine(m, False) for m in plan.milestones.all()])
    return view.progress
