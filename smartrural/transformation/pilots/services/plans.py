"""A selected pilot gets a plan with milestones, kept by the province office or the unit's
writers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import (
    NOT_STORED,
    EditConflict,
    check_version,
    row_conflicts,
)

from ...models import (
    CandidateStatus,
    PilotCandidate,
    PilotMilestone,
    PilotPlan,
)
from .common import (
    _locked,
    _require_unit_writer,
    _stamp,
)

# --- Plans and milestones -------------------------------------------------------------------


@transaction.atomic
def pilot_plan_save(
    *,
    candidate: PilotCandidate,
    goal: str,
    start: dt.date,
    end: dt.date,
    version: int | None = None,
    by: Actor,
) -> PilotPlan:
    """Create or change the plan of a selected pilot (the province office or the unit's
    writers). The end is not before the start; milestones stay within the period.
    ``version``: the one of the plan the writer read (``NOT_STORED``: none); ``EditConflict``
    when it changed since."""
    _require_unit_writer(by, candidate.unit)
    candidate = _locked(candidate)
    if candidate.status != CandidateStatus.SELECTED:
        raise Conflict(_("Only a selected pilot has a plan."))
    goal_text, start_d, end_d = goal, start, end
    if end_d < start_d:
        raise ValidationFailed(
            _("The end (%(end)s) cannot be before the start (%(start)s).")
            % {"end": end_d.strftime("%d/%m/%Y"), "start": start_d.strftime("%d/%m/%Y")},
            field="end",
        )
    plan = PilotPlan.objects.select_for_update().filter(candidate=candidate).first()
    meanwhile = row_conflicts(
        PilotPlan,
        plan,
        version,
        sent={"goal": goal_text, "start": start_d, "end": end_d},
        row="",
        row_label="",
    )
    if meanwhile:
        raise EditConflict(meanwhile, current_version=plan.version if plan else NOT_STORED)
    if plan is not None:
        outside = plan.milestones.exclude(due__gte=start_d, due__lte=end_d).order_by("due").first()
        if outside is not None:
            raise ValidationFailed(
                _("The milestone “%(title)s” is due on %(due)s, outside the new period.")
                % {"title": outside.title, "due": outside.due.strftime("%d/%m/%Y")},
                field="end" if outside.due > end_d else "start",
            )
    else:
        plan = PilotPlan(candidate=candidate)
    plan.goal, plan.start, plan.end = goal_text, start_d, end_d
    _stamp(plan, by)
    plan.save()
    return plan


@dataclass(frozen=True)
class _MilestoneValues:
    title: str
    due: dt.date
    progress: int
    done_on: dt.date | None
    note: str


def _milestone_values(
    *,
    plan: PilotPlan,
    title: str,
    due: dt.date,
    progress: int | None,
    done_on: dt.date | None,
    note: str,
) -> _MilestoneValues:
    """The milestone's fields against its plan and today (the form checked each one). A done
    date makes the progress 100; a progress of 100 without a done date takes today as the done
    date."""
    due_d = due
    if not plan.start <= due_d <= plan.end:
        raise ValidationFailed(
            _("The due date must fall within the plan (%(start)s–%(end)s).")
            % {"start": plan.start.strftime("%d/%m/%Y"), "end": plan.end.strftime("%d/%m/%Y")},
            field="due",
        )
    progress_n = progress or 0
    done = done_on
    if done is not None and done > today():
        raise ValidationFailed(_("The done date cannot be in the future."), field="done_on")
    if done is not None:
        progress_n = 100
    elif progress_n == 100:
        done = today()
    return _MilestoneValues(title, due_d, progress_n, done, note)


def _plan_writer(plan: PilotPlan, by: Actor) -> PilotPlan:
    plan = PilotPlan.objects.select_related("candidate__unit").get(pk=plan.pk)
    _require_unit_writer(by, plan.candidate.unit)
    return plan


@transaction.atomic
def pilot_milestone_create(
    *,
    plan: PilotPlan,
    title: str,
    due: dt.date,
    progress: int | None = 0,
    done_on: dt.date | None = None,
    note: str = "",
    by: Actor,
) -> PilotMilestone:
    plan = _plan_writer(plan, by)
    values = _milestone_values(
        plan=plan, title=title, due=due, progress=progress, done_on=done_on, note=note
    )
    milestone = PilotMilestone(plan=plan, **asdict(values))
    _stamp(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def pilot_milestone_update(
    *,
    milestone: PilotMilestone,
    title: str,
    due: dt.date,
    progress: int | None,
    done_on: dt.date | None,
    note: str,
    version: int | None = None,
    by: Actor,
) -> PilotMilestone:
    """Change a milestone, its progress included (the unit's writers report progress;
    ``EditConflict`` when it changed since the writer read it at ``version``)."""
    plan = _plan_writer(milestone.plan, by)
    values = _milestone_values(
        plan=plan, title=title, due=due, progress=progress, done_on=done_on, note=note
    )
    check_version(milestone, version, sent=asdict(values))
    for name, value in asdict(values).items():
        setattr(milestone, name, value)
    _stamp(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def pilot_milestone_delete(*, milestone: PilotMilestone, by: Actor) -> None:
    _plan_writer(milestone.plan, by)
    _stamp(milestone, by)
    milestone.delete()
