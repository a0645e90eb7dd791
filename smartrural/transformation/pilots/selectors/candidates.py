"""Candidates: the scoped, filtered list with each one's total, and the gates of a candidate and
of a score."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from smartrural.accounts.actor import Actor

from ...access import in_scope, object_in_scope
from ...models import CandidateScore, PilotCandidate, ScoringCriterion
from .common import percent


def candidates_for_user(
    *,
    user: Actor,
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


def candidate_for_user(user: Actor, candidate_id: Any, *, write: bool = False) -> PilotCandidate:
    """A candidate in ``user``'s scope (404 otherwise); ``write``: 403 for read-only users."""
    qs = PilotCandidate.objects.select_related("unit__parent", "proposed_by")
    return object_in_scope(qs, user, candidate_id, write=write)


def score_for_user(user: Actor, score_id: Any) -> CandidateScore:
    qs = CandidateScore.objects.select_related("candidate__unit", "criterion")
    return object_in_scope(qs, user, score_id, unit_field="candidate__unit")
