"""A candidate's score sheet: the criteria in use for its kind, each with its score, if any."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...models import CandidateScore, PilotCandidate, ScoringCriterion
from .common import percent


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
