"""The evaluation engine: pure functions over a ``SetDefinition`` and stored values, no ORM.

indicator -> criterion -> the level a unit reaches. Results keep structured facts (status, value,
threshold, scope); explanations are rendered on demand in the active language, so a cached or
bulk result costs no translation work and never freezes a language.

Status names are in ``status``; reading a raw value is ``parsing.parse_value``; the unit's facts
are in ``facts``, the two sides of a comparison in ``operands``, the result types in ``results``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .definition import (
    CHOICE,
    NORTHERN_MOUNTAINS,
    Indicator,
    SetDefinition,
    Threshold,
    level_for_kind,
)
from .facts import UnitFacts, threshold_for_unit
from .operands import COMPARE, threshold_operand, value_operand
from .parsing import InvalidValue, parse_value
from .results import CriterionResult, IndicatorResult, Result
from .status import INVALID, MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE, NOT_MET

# Callers read the results, the unit's facts, the statuses and ``parse_value`` from here too.
__all__ = [
    "MET",
    "MISSING",
    "NOT_APPLICABLE",
    "NOT_MET",
    "CompiledSet",
    "CriterionResult",
    "IndicatorResult",
    "InvalidValue",
    "Result",
    "StoredValues",
    "UnitFacts",
    "evaluate",
    "parse_value",
    "threshold_for_unit",
]

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
            operand = self._operands[key] = threshold_operand(ind, threshold)
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
        try:
            left = value_operand(ind, text, number)
        except InvalidValue:
            return IndicatorResult(code, ind.name, INVALID, text, ind, threshold, difficult)
        ok = COMPARE[ind.comparator](left, self._operand(ind, threshold))
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
                    compare = COMPARE[ind.comparator]
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
                if type(number) is float and not is_choice:
                    left: Any = number  # the bulk loads' usual case, without a call
                else:
                    try:
                        left = value_operand(ind, text, number)
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
