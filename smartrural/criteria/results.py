"""The results of an evaluation: per indicator, per criterion (or group of conditions) and for
the set. They keep structured facts; explanations are rendered on demand (``explain``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .definition import CONDITION, CRITERION, Indicator, Threshold
from .display import threshold_text
from .explain import explain
from .status import INVALID, MET, MISSING, NO_THRESHOLD, NOT_MET


@dataclass(slots=True)
class IndicatorResult:
    code: str
    name: str
    status: str  # MET, NOT_MET, MISSING, NOT_APPLICABLE, NO_THRESHOLD, INVALID
    value: str | None  # stored canonical text
    indicator: Indicator
    threshold: Threshold | None = None
    # The threshold is the northern mountains' one because the unit is especially difficult.
    difficult: bool = False

    @property
    def met(self) -> bool | None:
        """True/False once compared; None when missing or not applicable."""
        if self.status in (MET, NOT_MET):
            return self.status == MET
        if self.status in (NO_THRESHOLD, INVALID):
            return False
        return None

    def explanation(self) -> str:
        return explain(self)

    def as_json(self) -> dict[str, Any]:
        t = self.threshold
        return {
            "code": self.code,
            "name": self.name,
            "value": self.value,
            "unit": self.indicator.unit,
            "threshold": None if t is None else threshold_text(t),
            "comparator": self.indicator.comparator,
            "status": self.status,
            "met": self.met,
            "explanation": self.explanation(),
            "provenance": (t.provenance if t is not None else self.indicator.provenance),
            "placeholder": bool(t is not None and t.placeholder),
        }


@dataclass(frozen=True)
class CriterionResult:
    number: int
    name: str
    group: str
    met: bool
    indicators: tuple[IndicatorResult, ...]
    min_met: int | None = None
    kind: str = CRITERION

    @property
    def is_condition(self) -> bool:
        return self.kind == CONDITION

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "group": self.group,
            "met": self.met,
            "minMet": self.min_met,
            "indicators": [i.as_json() for i in self.indicators],
        }


@dataclass(frozen=True)
class Result:
    """A unit's evaluation. ``groups``: every criterion of the set in its order, the groups of
    recognition conditions included; ``criteria`` leaves the conditions out (the tally "9/9
    tiêu chí" of a district counts criteria only), ``conditions`` holds them. The level is
    reached when every criterion and every condition is met."""

    set_code: str
    year: int
    awards: str  # the level the set awards to this unit (a town completes the NTM task)
    groups: tuple[CriterionResult, ...]

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.groups if not c.is_condition)

    @property
    def conditions(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.groups if c.is_condition)

    @property
    def criteria_met(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def criteria_total(self) -> int:
        return len(self.criteria)

    @property
    def conditions_met(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def met(self) -> bool:
        return all(c.met for c in self.groups)

    @property
    def level(self) -> str | None:
        """The level the set awards when every criterion and condition is met, else None."""
        return self.awards if self.met else None

    @property
    def missing(self) -> list[str]:
        return [i.code for c in self.groups for i in c.indicators if i.status == MISSING]

    def criteria_flags(self) -> dict[str, bool]:
        return {str(c.number): c.met for c in self.criteria}

    def condition_flags(self) -> dict[str, bool]:
        return {str(c.number): c.met for c in self.conditions}

    def as_json(self) -> dict[str, Any]:
        return {
            "criteriaSet": self.set_code,
            "year": self.year,
            "level": self.level,
            "criteriaMet": self.criteria_met,
            "criteriaTotal": self.criteria_total,
            "criteria": [c.as_json() for c in self.criteria],
            "conditions": [c.as_json() for c in self.conditions],
            "missing": self.missing,
        }
