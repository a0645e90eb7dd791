"""Evaluations of units from their stored values, in bulk, through the cache.

Dates: a year's evaluation concerns the units as they were on 1 July of that year
(``as_of_for_year``). The detailed explanation is always recomputed from the values (one
query), so it can never disagree with them; lists and summaries read the cache (``cache``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from smartrural.geo.models import AdministrativeUnit

from ..definition import level_for_kind
from ..derived import add_derived
from ..engine import CompiledSet, Result, StoredValues
from ..models import CriteriaSet, CriteriaSetVersion, Evaluation
from ..versions import compiled, current_version, facts_of
from .cache import EvaluationSummary, evaluation_row, fresh_rows, result_row, store_rows
from .sets import root_id
from .values import values_by_unit


def _inputs(
    criteria_set: CriteriaSet,
    version: CriteriaSetVersion,
    year: int,
    units: Iterable[AdministrativeUnit],
) -> tuple[CompiledSet, list[AdministrativeUnit], dict[int, dict[str, tuple[str, float | None]]]]:
    """What an evaluation reads: the compiled version, the units, their stored values with the
    figures the platform computes put in."""
    engine = compiled(version)
    unit_list = list(units)
    values = values_by_unit(
        root_set_id=root_id(criteria_set), year=year, unit_ids=[u.pk for u in unit_list]
    )
    add_derived(engine.definition, unit_list, year, values)
    return engine, unit_list, values


def evaluate_units(
    *,
    criteria_set: CriteriaSet,
    year: int,
    units: Iterable[AdministrativeUnit],
    version: CriteriaSetVersion | None = None,
    store: bool = True,
) -> dict[int, Result]:
    """Evaluate ``units`` from their stored values: unit id -> ``Result``.

    One query for the version, one per 5,000 units for the values, and (``store``) the cache
    rows that are missing written with ``bulk_create``.
    """
    version = version or current_version(criteria_set)
    if version is None:
        return {}
    engine, unit_list, values = _inputs(criteria_set, version, year, units)
    results: dict[int, Result] = {}
    for unit in unit_list:
        stored: StoredValues = values[unit.pk]
        results[unit.pk] = engine.evaluate(facts=facts_of(unit), year=year, values=stored)
    if store and results:
        rows = {uid: result_row(uid, criteria_set, version, r) for uid, r in results.items()}
        store_rows(criteria_set, version, year, rows)
    return results


def evaluate_summaries(
    *,
    criteria_set: CriteriaSet,
    year: int,
    units: Iterable[AdministrativeUnit],
    version: CriteriaSetVersion | None = None,
) -> dict[int, EvaluationSummary]:
    """``evaluate_units`` for lists and summaries: the same rules through the engine's fast
    path (criterion flags only, no explanations), cache rows written in bulk."""
    version = version or current_version(criteria_set)
    if version is None:
        return {}
    engine, unit_list, values = _inputs(criteria_set, version, year, units)
    awards = engine.definition.awards
    rows: dict[int, Evaluation] = {}
    for unit in unit_list:
        flags, missing = engine.evaluate_flags(
            facts=facts_of(unit), year=year, values=values[unit.pk]
        )
        awarded = level_for_kind(awards, unit.kind)
        rows[unit.pk] = evaluation_row(
            unit.pk, criteria_set, version, year, flags, missing, awards=awarded
        )
    store_rows(criteria_set, version, year, rows)
    return {uid: EvaluationSummary.from_row(row) for uid, row in rows.items()}


def evaluation_for(
    unit: AdministrativeUnit, criteria_set: CriteriaSet, year: int
) -> EvaluationSummary | None:
    """The unit's evaluation: the cache row when fresh, else evaluated now (and cached).

    None when the set has no version yet.
    """
    version = current_version(criteria_set)
    if version is None:
        return None
    row = Evaluation.objects.filter(
        unit=unit, criteria_set=criteria_set, year=year, version=version
    ).first()
    if row is None:
        result = evaluate_units(criteria_set=criteria_set, year=year, units=[unit], version=version)
        row = result_row(unit.pk, criteria_set, version, result[unit.pk])
    return EvaluationSummary.from_row(row)


def evaluation_detail(
    unit: AdministrativeUnit, criteria_set: CriteriaSet, year: int
) -> tuple[Result, CriteriaSetVersion] | None:
    """The full, explained evaluation (always from the values; refreshes the cache row)."""
    version = current_version(criteria_set)
    if version is None:
        return None
    results = evaluate_units(criteria_set=criteria_set, year=year, units=[unit], version=version)
    return results[unit.pk], version


def cached_summaries(
    *, criteria_set: CriteriaSet, year: int, units: Sequence[AdministrativeUnit]
) -> tuple[CriteriaSetVersion | None, dict[int, EvaluationSummary]]:
    """Fresh summaries of ``units``: cache rows, evaluating (and caching) only those missing."""
    version = current_version(criteria_set)
    if version is None:
        return None, {}
    ids = [u.pk for u in units]
    out = fresh_rows(criteria_set=criteria_set, year=year, version=version, ids=ids)
    todo = [u for u in units if u.pk not in out]
    if todo:
        out.update(
            evaluate_summaries(criteria_set=criteria_set, year=year, units=todo, version=version)
        )
    return version, out
