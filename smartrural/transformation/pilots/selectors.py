"""Reads of the smart pilots: the access gates of candidates, milestones, scores, hamlets and
assessments; scoped lists with their totals; a candidate's score sheet; a plan's progress; a
hamlet's smart-hamlet checklist for a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import in_scope, object_in_scope
from ..models import (
    CandidateScore,
    HamletAssessment,
    PilotCandidate,
    PilotMilestone,
    PilotPlan,
    ScoringCriterion,
    SmartHamletItem,
)

FIRST_YEAR = 2010


def reference_date(year: int) -> dt.date:
    """The day on which a year's unit codes are looked up (mid-year, as the brief of 3445 asks
    for pilots "in the year"): a unit reorganised during the year is taken as it stood in July."""
    return dt.date(year, 7, 1)


def percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- Candidates -----------------------------------------------------------------------------


def candidates_for_user(
    *,
    user: Any,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    field: str = "",
) -> QuerySet[PilotCandidate]:
    """The candidates in ``user``'s scope, filtered, with ``total`` (the sum of their scores on
    the criteria in use)."""
    qs = in_scope(PilotCandidate.objects.all(), user)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(field=field)
    return (
        qs.select_related("unit__parent")
        .annotate(
            total=Coalesce(
                Sum("scores__score", filter=Q(scores__criterion__active=True)),
                Value(0),
                output_field=IntegerField(),
            )
        )
        # Meta.ordering is not applied to aggregating queries: order explicitly
        .order_by("-year", "unit__path", "kind", "pk")
    )


def sheet_maxima() -> dict[str, int]:
    """The maximum total of each pilot kind's sheet (criteria in use), in one query."""
    rows = (
        ScoringCriterion.objects.filter(active=True)
        .values("kind")
        .annotate(maximum=Sum("max_score"))
        .order_by()
    )
    return {row["kind"]: int(row["maximum"] or 0) for row in rows}


@dataclass(frozen=True)
class CandidateRow:
    candidate: PilotCandidate
    total: int
    maximum: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.total, self.maximum)


def candidate_rows(candidates: Any, maxima: dict[str, int]) -> list[CandidateRow]:
    """Rows of an annotated candidate list (``candidates_for_user``) with each sheet's maximum."""
    return [CandidateRow(c, int(c.total), maxima.get(c.kind, 0)) for c in candidates]


def candidate_for_user(user: Any, candidate_id: Any, *, write: bool = False) -> PilotCandidate:
    """A candidate in ``user``'s scope (404 otherwise); ``write``: 403 for read-only users."""
    qs = PilotCandidate.objects.select_related("unit__parent", "proposed_by")
    return object_in_scope(qs, user, candidate_id, write=write)


def plan_for_user(user: Any, candidate_id: Any, *, write: bool = False) -> PilotPlan:
    """The plan of a candidate in ``user``'s scope; 404 when it has none."""
    candidate = candidate_for_user(user, candidate_id, write=write)
    plan = PilotPlan.objects.filter(candidate=candidate).first()
    if plan is None:
        raise Http404(_("This pilot has no plan yet."))
    plan.candidate = candidate
    return plan


def milestone_for_user(user: Any, milestone_id: Any, *, write: bool = False) -> PilotMilestone:
    qs = PilotMilestone.objects.select_related("plan__candidate__unit__parent")
    return object_in_scope(qs, user, milestone_id, unit_field="plan__candidate__unit", write=write)


def score_for_user(user: Any, score_id: Any) -> CandidateScore:
    qs = CandidateScore.objects.select_related("candidate__unit", "criterion")
    return object_in_scope(qs, user, score_id, unit_field="candidate__unit")


@dataclass(frozen=True)
class ScoreLine:
    criterion: ScoringCriterion
    score: CandidateScore | None


@dataclass(frozen=True)
class ScoreSheet:
    lines: list[ScoreLine]

    @property
    def total(self) -> int:
        return sum(line.score.score for line in self.lines if line.score is not None)

    @property
    def maximum(self) -> int:
        return sum(line.criterion.max_score for line in self.lines)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.total, self.maximum)

    @property
    def missing(self) -> list[ScoringCriterion]:
        return [line.criterion for line in self.lines if line.score is None]

    @property
    def complete(self) -> bool:
        return not self.missing


def score_sheet(candidate: PilotCandidate) -> ScoreSheet:
    """The criteria in use for the candidate's kind, each with the candidate's score, if any."""
    criteria = ScoringCriterion.objects.filter(kind=candidate.kind, active=True)
    scores = {
        s.criterion_id: s
        for s in CandidateScore.objects.filter(candidate=candidate, criterion__active=True)
    }
    return ScoreSheet([ScoreLine(c, scores.get(c.pk)) for c in criteria])


# --- Plans ----------------------------------------------------------------------------------


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


# --- Smart hamlets --------------------------------------------------------------------------


def hamlet_for_user(user: Any, hamlet_id: Any, *, write: bool = False) -> AdministrativeUnit:
    """A hamlet in ``user``'s scope (404 otherwise); ``write``: 403 for read-only users."""
    scope = scope_for_user(user)
    hamlet = (
        AdministrativeUnit.objects.filter(level=Level.HAMLET, pk=hamlet_id)
        .filter(scope.unit_q())
        .select_related("parent__parent")
        .first()
    )
    if hamlet is None:
        raise Http404(_("Not found, or outside your units."))
    if write:
        require_writer(user)
    return hamlet


def assessment_for_user(user: Any, assessment_id: Any) -> HamletAssessment:
    qs = HamletAssessment.objects.select_related("hamlet", "item")
    return object_in_scope(qs, user, assessment_id, unit_field="hamlet")


def communes_for_user(*, user: Any, year: int) -> QuerySet[AdministrativeUnit]:
    """Communes valid in ``year`` in ``user``'s scope (their own commune for a commune officer,
    the district's communes for a district officer, every commune for the province office)."""
    scope = scope_for_user(user)
    qs = AdministrativeUnit.objects.valid_on(reference_date(year)).filter(level=Level.COMMUNE)
    return qs.filter(scope.unit_q()).order_by("path")


def active_item_count() -> int:
    return SmartHamletItem.objects.filter(active=True).count()


def hamlets_for_user(
    *,
    user: Any,
    year: int,
    commune: AdministrativeUnit | None = None,
    smart: bool | None = None,
    items: int | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Hamlets valid in ``year`` in ``user``'s scope, each with ``met`` (active items met that
    year) and ``assessed`` (active items assessed). ``smart`` keeps only the hamlets meeting
    every active item (True) or the others (False); ``items`` is the number of active items."""
    scope = scope_for_user(user)
    qs = (
        AdministrativeUnit.objects.valid_on(reference_date(year))
        .filter(level=Level.HAMLET)
        .filter(scope.unit_q())
    )
    if commune is not None:
        qs = qs.filter(parent=commune)
    this_year = Q(smart_assessments__year=year, smart_assessments__item__active=True)
    qs = qs.select_related("parent").annotate(
        met=Count("smart_assessments", filter=this_year & Q(smart_assessments__met=True)),
        assessed=Count("smart_assessments", filter=this_year),
    )
    if smart is not None:
        total = active_item_count() if items is None else items
        smart_q = Q(met=total) & Q(met__gt=0)
        qs = qs.filter(smart_q) if smart else qs.exclude(smart_q)
    return qs.order_by("path")


def hamlet_totals(
    *, user: Any, year: int, commune: AdministrativeUnit | None = None, items: int
) -> tuple[int, int]:
    """(hamlets, smart hamlets) in ``user``'s scope for ``year``, in one query."""
    qs = hamlets_for_user(user=user, year=year, commune=commune, items=items)
    totals = qs.aggregate(
        hamlets=Count("pk"), smart=Count("pk", filter=Q(met=items) & Q(met__gt=0))
    )
    return int(totals["hamlets"]), int(totals["smart"])


@dataclass(frozen=True)
class ChecklistLine:
    item: SmartHamletItem
    assessment: HamletAssessment | None


@dataclass(frozen=True)
class HamletChecklist:
    hamlet: AdministrativeUnit
    year: int
    lines: list[ChecklistLine]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.assessment is not None and line.assessment.met)

    @property
    def assessed(self) -> int:
        return sum(1 for line in self.lines if line.assessment is not None)

    @property
    def smart(self) -> bool:
        """A smart hamlet that year: every item in use is met."""
        return self.total > 0 and self.met == self.total


def hamlet_checklist(hamlet: AdministrativeUnit, year: int) -> HamletChecklist:
    items = SmartHamletItem.objects.filter(active=True)
    found = {
        a.item_id: a
        for a in HamletAssessment.objects.filter(hamlet=hamlet, year=year).select_related(
            "assessed_by"
        )
    }
    return HamletChecklist(hamlet, year, [ChecklistLine(i, found.get(i.pk)) for i in items])


def hamlet_is_smart(hamlet: AdministrativeUnit, year: int) -> bool:
    return hamlet_checklist(hamlet, year).smart
