"""The evaluation engine: pure functions over a ``SetDefinition`` and stored values, no ORM.

indicator -> criterion -> the level a unit reaches. Results keep structured facts (status, value,
threshold, scope); explanations are rendered on demand in the active language, so a cached or
bulk result costs no translation work and never freezes a language.

Status names are in ``status``; reading a raw value is ``parsing.parse_value``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smartrural.core.text import fold

from .definition import (
    CHOICE,
    CONDITION,
    CRITERION,
    NORTHERN_MOUNTAINS,
    PASS_FAIL,
    Indicator,
    SetDefinition,
    Threshold,
    level_for_kind,
)
from .explain import explain, threshold_text
from .parsing import InvalidValue, as_decimal, parse_value
from .status import INVALID, MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE, NOT_MET

WARD_KINDS = frozenset({"phuong", "thi_tran"})  # wards and townships
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "in": lambda a, b: a in b,
}


@dataclass(frozen=True)
class UnitFacts:
    """What of a unit the thresholds depend on.

    ``difficult_years``: the first and last year (None: open) in which the unit is an
    especially difficult commune; None when it is not one."""

    kind: str
    region: str
    commune_group: int | None = None
    difficult_years: tuple[int | None, int | None] | None = None

    @property
    def is_ward(self) -> bool:
        return self.kind in WARD_KINDS

    def difficult_in(self, year: int) -> bool:
        """Whether the unit is an especially difficult commune in ``year``."""
        if self.difficult_years is None:
            return False
        first, last = self.difficult_years
        return (first is None or first <= year) and (last is None or year <= last)


def threshold_for_unit(indicator: Indicator, facts: UnitFacts, year: int) -> Threshold | None:
    """The threshold that applies to the unit in ``year`` (see ``Indicator.threshold_for``)."""
    return indicator.threshold_for(
        region=facts.region,
        commune_group=facts.commune_group,
        year=year,
        especially_difficult=facts.difficult_in(year),
    )


def _threshold_operand(indicator: Indicator, threshold: Threshold) -> Any:
    """The threshold in the same form as a parsed value, ready to compare."""
    value = threshold.value
    if indicator.value_type == PASS_FAIL:
        return float(parse_value(indicator, value).number or 0)
    if indicator.comparator == "in":
        items = value if isinstance(value, tuple) else (value,)
        return frozenset(fold(str(x)) for x in items)
    if indicator.value_type == CHOICE:
        return fold(str(value))
    number = value if isinstance(value, Decimal) else as_decimal(str(value))
    # Numbers compare as floats: a stored value and a threshold written with the same decimal
    # round to the same float, so order and equality hold, and floats load ~10x faster in bulk.
    return None if number is None else float(number)


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


StoredValues = Mapping[str, tuple[str, Decimal | float | None]]


class CompiledSet:
    """A definition prepared for evaluating many units: threshold choice memoised per case."""

    def __init__(self, definition: SetDefinition) -> None:
        self.definition = definition
        self._cases: dict[tuple[str, str, int | None, int, bool], Threshold | None] = {}
        self._operands: dict[tuple[str, int], Any] = {}
        self._plans: dict[tuple[str, int | None, int, bool, bool], list[Any]] = {}
        # Keys (criterion numbers as text) of the groups of recognition conditions.
        self.condition_keys = frozenset(
            str(c.number) for c in definition.criteria if c.is_condition
        )

    def _threshold(self, ind: Indicator, facts: UnitFacts, year: int) -> Threshold | None:
        key = (ind.code, facts.region, facts.commune_group, year, facts.difficult_in(year))
        try:
            return self._cases[key]
        except KeyError:
            found = threshold_for_unit(ind, facts, year)
            self._cases[key] = found
            return found

    def _operand(self, ind: Indicator, threshold: Threshold) -> Any:
        key = (ind.code, id(threshold))
        try:
            return self._operands[key]
        except KeyError:
            operand = self._operands[key] = _threshold_operand(ind, threshold)
            return operand

    def _indicator(
        self,
        ind: Indicator,
        facts: UnitFacts,
        year: int,
        stored: tuple[str, Decimal | float | None] | None,
    ) -> IndicatorResult:
        code = ind.code
        if facts.is_ward and not ind.applies_to_wards:
            value = stored[0] if stored else None
            return IndicatorResult(code, ind.name, NOT_APPLICABLE, value, ind)
        if stored is None:
            threshold = self._threshold(ind, facts, year)
            return IndicatorResult(code, ind.name, MISSING, None, ind, threshold)
        text, number = stored
        threshold = self._threshold(ind, facts, year)
        if threshold is None:
            return IndicatorResult(code, ind.name, NO_THRESHOLD, text, ind)
        difficult = threshold.region == NORTHERN_MOUNTAINS != facts.region
        if ind.value_type == CHOICE:
            left: Any = fold(text)
        elif number is not None:
            left = float(number)
        else:
            try:
                left = float(parse_value(ind, text).number or 0)
            except InvalidValue:
                return IndicatorResult(code, ind.name, INVALID, text, ind, threshold, difficult)
        ok = _COMPARE[ind.comparator](left, self._operand(ind, threshold))
        status = MET if ok else NOT_MET
        return IndicatorResult(code, ind.name, status, text, ind, threshold, difficult)

    def _plan(self, facts: UnitFacts, year: int) -> list[tuple[str, int | None, list[Any]]]:
        """Per criterion: its key, min_met and the applicable checks for this kind of unit."""
        key = (facts.region, facts.commune_group, year, facts.is_ward, facts.difficult_in(year))
        plan = self._plans.get(key)
        if plan is None:
            plan = []
            for criterion in self.definition.criteria:
                checks = []
                for ind in criterion.indicators:
                    if facts.is_ward and not ind.applies_to_wards:
                        continue
                    threshold = self._threshold(ind, facts, year)
                    operand = None if threshold is None else self._operand(ind, threshold)
                    compare = _COMPARE[ind.comparator]
                    checks.append((ind.code, compare, operand, ind.value_type == CHOICE, ind))
                plan.append((str(criterion.number), criterion.min_met, checks))
            self._plans[key] = plan
        return plan

    def evaluate_flags(
        self, *, facts: UnitFacts, year: int, values: StoredValues
    ) -> tuple[dict[str, bool], list[str]]:
        """The fast path for bulk work: per-criterion met flags (conditions included: their
        keys are ``condition_keys``) and the missing indicators, with exactly ``evaluate``'s
        rules but no per-indicator result objects."""
        criteria: dict[str, bool] = {}
        missing: list[str] = []
        for key, min_met, checks in self._plan(facts, year):
            met_count = 0
            for code, compare, operand, is_choice, ind in checks:
                stored = values.get(code)
                if stored is None:
                    missing.append(code)
                    continue
                if operand is None:
                    continue  # no threshold for this unit and year: not met
                text, number = stored
                if is_choice:
                    left: Any = fold(text)
                elif type(number) is float:
                    left = number
                elif number is not None:
                    left = float(number)
                else:
                    try:
                        left = float(parse_value(ind, text).number or 0)
                    except InvalidValue:
                        continue
                if compare(left, operand):
                    met_count += 1
            need = len(checks) if min_met is None else min(min_met, len(checks))
            criteria[key] = met_count >= need
        return criteria, missing

    def evaluate(self, *, facts: UnitFacts, year: int, values: StoredValues) -> Result:
        criteria = []
        for criterion in self.definition.criteria:
            results = tuple(
                self._indicator(ind, facts, year, values.get(ind.code))
                for ind in criterion.indicators
            )
            applicable = [r for r in results if r.status != NOT_APPLICABLE]
            met_count = sum(r.status == MET for r in applicable)
            if criterion.min_met is None:
                met = met_count == len(applicable)
            else:
                met = met_count >= min(criterion.min_met, len(applicable))
            criteria.append(
                CriterionResult(
                    criterion.number,
                    criterion.name,
                    criterion.group,
                    met,
                    results,
                    criterion.min_met,
                    criterion.kind,
                )
            )
        d = self.definition
        awards = level_for_kind(d.awards, facts.kind)
        return Result(set_code=d.code, year=year, awards=awards, groups=tuple(criteria))


def evaluate(
    definition: SetDefinition | CompiledSet, *, facts: UnitFacts, year: int, values: StoredValues
) -> Result:
    """Evaluate one unit; ``values`` maps indicator code -> (stored text, stored number)."""
    compiled = definition if isinstance(definition, CompiledSet) else CompiledSet(definition)
    return compiled.evaluate(facts=facts, year=year, values=values)
