"""Reads: set versions, values of many units at once, bulk evaluation with its cache, summaries.

Dates: a year's evaluation concerns the units as they were on 1 July of that year (``as_of``);
a unit created or dissolved mid-year is counted in the year it existed on that day.

Cache: an ``Evaluation`` row per unit, set and year holds what lists and summaries need (met,
counts, per-criterion flags, missing indicators) and the version it was computed with. A row is
fresh while its version is the set's current one; writes delete the rows they affect
(``values.invalidate_evaluations``). The detailed explanation is always recomputed from the
values (one query), so it can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast

from smartrural.accounts.access import scope_for_user
from smartrural.core.dates import mid_year
from smartrural.geo.models import AdministrativeUnit, Kind, Level

from .definition import Threshold, level_for_kind
from .derived import add_derived
from .engine import CompiledSet, Result, StoredValues
from .models import CriteriaSet, CriteriaSetVersion, Evaluation, IndicatorValue
from .recognitions import dossiers_in_progress, recognised_levels
from .versions import FACT_FIELDS, compiled, current_version, facts_of

RURAL_COMMUNE_KINDS = (Kind.COMMUNE,)

_IN_BATCH = 5000  # unit ids per IN (...) list: far below every backend's parameter limit


def as_of_for_year(year: int) -> dt.date:
    """The day a year's units are read on: 1 July (mid-year; see the module docstring and
    ``core.dates.mid_year``, the one definition)."""
    return mid_year(year)


def criteria_set_by_code(code: str) -> CriteriaSet | None:
    return CriteriaSet.objects.select_related("base").filter(code=code).first()


def covers_year(criteria_set: CriteriaSet, year: int) -> bool | None:
    """Whether the set's period (its current version's) holds ``year``; None: no version."""
    version = current_version(criteria_set)
    if version is None:
        return None
    definition = compiled(version).definition
    return definition.valid_from_year <= year <= definition.valid_to_year


def provincial_thresholds(criteria_set: CriteriaSet) -> Callable[[str, Threshold], bool]:
    """Whether a threshold of ``criteria_set`` is the province's own: for a provincial variant,
    one that its national (root) set does not have; for a national set, none."""
    if criteria_set.base_id is None:
        return lambda _code, _threshold: False
    version = current_version(criteria_set.root)
    national = compiled(version).definition.indicators() if version is not None else {}

    def provincial(code: str, threshold: Threshold) -> bool:
        base = national.get(code)
        return base is None or threshold not in base.thresholds

    return provincial


def root_id(criteria_set: CriteriaSet) -> int:
    return criteria_set.pk if criteria_set.base_id is None else criteria_set.root.pk


def values_by_unit(
    *, root_set_id: int, year: int, unit_ids: Sequence[int]
) -> dict[int, dict[str, tuple[str, float | None]]]:
    """Stored values of many units (one query per 5,000 units): unit id -> code -> (text, n)."""
    out: dict[int, dict[str, tuple[str, float | None]]] = {uid: {} for uid in unit_ids}
    for start in range(0, len(unit_ids), _IN_BATCH):
        qs = (
            IndicatorValue.objects.filter(
                criteria_set_id=root_set_id,
                year=year,
                unit_id__in=unit_ids[start : start + _IN_BATCH],
            )
            .annotate(n=Cast("number", FloatField()))
            .values_list("unit_id", "indicator_code", "value", "n")
        )
        # The ORM's per-row machinery costs more than the evaluation itself at 500k rows:
        # run its SQL on a plain cursor (the columns are already plain int/str/float).
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for unit_id, code, text, number in cursor.fetchall():
                out[unit_id][code] = (text, number)
    return out


def _row(
    unit_id: int,
    criteria_set: CriteriaSet,
    version: CriteriaSetVersion,
    year: int,
    flags: dict[str, bool],
    missing: list[str],
    *,
    awards: str,
) -> Evaluation:
    """The cache row of one evaluation; ``flags``: every group of the set, the recognition
    conditions included (kept apart: they are not counted as criteria)."""
    conditions_keys = compiled(version).condition_keys
    criteria = {k: v for k, v in flags.items() if k not in conditions_keys}
    conditions = {k: v for k, v in flags.items() if k in conditions_keys}
    met_count = sum(criteria.values())
    met = all(flags.values())
    return Evaluation(
        unit_id=unit_id,
        criteria_set_id=criteria_set.pk,
        version_id=version.pk,
        year=year,
        met=met,
        criteria_met=met_count,
        criteria_total=len(criteria),
        result={
            "level": awards if met else None,
            "criteria": criteria,
            "conditions": conditions,
            "missing": missing,
        },
    )


def _cache_row(
    unit_id: int, criteria_set: CriteriaSet, version: CriteriaSetVersion, result: Result
) -> Evaluation:
    flags = result.criteria_flags() | result.condition_flags()
    return _row(
        unit_id, criteria_set, version, result.year, flags, result.missing, awards=result.awards
    )


def _store(
    criteria_set: CriteriaSet, version: CriteriaSetVersion, year: int, rows: dict[int, Evaluation]
) -> None:
    """Write the cache ``rows`` (unit id -> row) whose row is missing or stale (bulk)."""
    ids = list(rows)
    stale: list[int] = []
    present: set[int] = set()
    for start in range(0, len(ids), _IN_BATCH):
        existing = Evaluation.objects.filter(
            criteria_set=criteria_set, year=year, unit_id__in=ids[start : start + _IN_BATCH]
        ).values_list("pk", "unit_id", "version_id")
        for pk, unit_id, version_id in existing:
            if version_id == version.pk:
                present.add(unit_id)
            else:
                stale.append(pk)
    if stale:
        Evaluation.objects.filter(pk__in=stale).delete()
    rows_new = [row for uid, row in rows.items() if uid not in present]
    # ignore_conflicts: a concurrent request may have written the same row meanwhile.
    Evaluation.objects.bulk_create(rows_new, batch_size=1000, ignore_conflicts=True)


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
        rows = {uid: _cache_row(uid, criteria_set, version, r) for uid, r in results.items()}
        _store(criteria_set, version, year, rows)
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
        rows[unit.pk] = _row(unit.pk, criteria_set, version, year, flags, missing, awards=awarded)
    _store(criteria_set, version, year, rows)
    return {uid: EvaluationSummary.from_row(row) for uid, row in rows.items()}


@dataclass(frozen=True)
class EvaluationSummary:
    """What the cache keeps of an evaluation."""

    unit_id: int
    version_id: int
    met: bool
    criteria_met: int
    criteria_total: int
    level: str | None
    criteria: dict[str, bool]
    missing: list[str]
    # The recognition conditions (QĐ 320 for a district), apart from the criteria.
    conditions: dict[str, bool]

    @classmethod
    def from_row(cls, row: Evaluation) -> EvaluationSummary:
        return cls(
            unit_id=row.unit_id,
            version_id=row.version_id,
            met=row.met,
            criteria_met=row.criteria_met,
            criteria_total=row.criteria_total,
            level=row.result.get("level"),
            criteria=row.result.get("criteria", {}),
            missing=row.result.get("missing", []),
            conditions=row.result.get("conditions", {}),
        )


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
        row = _cache_row(unit.pk, criteria_set, version, result[unit.pk])
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


def units_for_set(
    *, criteria_set: CriteriaSet, year: int, parent: AdministrativeUnit
) -> list[AdministrativeUnit]:
    """Units of the set's level under ``parent`` (itself included) on 1 July of ``year``.

    Commune sets concern rural communes (xã) only: wards and townships follow urban criteria.
    """
    qs = (
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .under(parent.path)
        .filter(level=criteria_set.unit_level)
        .only("pk", "code", "name", "path", *FACT_FIELDS)
    )
    if criteria_set.unit_level == Level.COMMUNE:
        qs = qs.filter(kind__in=RURAL_COMMUNE_KINDS)
    return list(qs)


def cached_summaries(
    *, criteria_set: CriteriaSet, year: int, units: Sequence[AdministrativeUnit]
) -> tuple[CriteriaSetVersion | None, dict[int, EvaluationSummary]]:
    """Fresh summaries of ``units``: cache rows, evaluating (and caching) only those missing."""
    version = current_version(criteria_set)
    if version is None:
        return None, {}
    out: dict[int, EvaluationSummary] = {}
    ids = [u.pk for u in units]
    for start in range(0, len(ids), _IN_BATCH):
        rows = Evaluation.objects.filter(
            criteria_set=criteria_set,
            year=year,
            version=version,
            unit_id__in=ids[start : start + _IN_BATCH],
        ).only("unit_id", "version_id", "met", "criteria_met", "criteria_total", "result")
        for row in rows:
            out[row.unit_id] = EvaluationSummary.from_row(row)
    todo = [u for u in units if u.pk not in out]
    if todo:
        out.update(
            evaluate_summaries(criteria_set=criteria_set, year=year, units=todo, version=version)
        )
    return version, out


def _counts(summaries: Iterable[EvaluationSummary], levels: dict[int, set[str]]) -> dict[str, Any]:
    total = met = waiting = 0
    recognised: dict[str, int] = {}
    for s in summaries:
        total += 1
        met += s.met
        held = levels.get(s.unit_id, set())
        for level in held:
            recognised[level] = recognised.get(level, 0) + 1
        # The level this unit reaches (a town: "completed the NTM task"), not yet decided.
        waiting += s.met and s.level not in held
    return {
        "total": total,
        "meetingAll": met,
        "notMeeting": total - met,
        "recognised": recognised,
        "meetingNotRecognised": waiting,
    }


def summary(
    *, criteria_set: CriteriaSet, year: int, parent: AdministrativeUnit, user: Any = None
) -> dict[str, Any]:
    """Counts for the units of the set's level under ``parent`` on 1 July of ``year``.

    ``user``: when given, units outside the user's scope are left out (the API gate already
    refuses a parent outside the scope; this keeps the selector safe on its own).
    """
    units = units_for_set(criteria_set=criteria_set, year=year, parent=parent)
    if user is not None:
        scope = scope_for_user(user)
        units = [u for u in units if scope.contains(u)]
    version, summaries = cached_summaries(criteria_set=criteria_set, year=year, units=units)
    # Recognitions come from decisions (the recognition app, through .recognitions), not from
    # the evaluation.
    ids = [u.pk for u in units]
    levels = recognised_levels(unit_ids=ids, year=year)
    children = list(
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(parent=parent)
        .only("pk", "code", "name", "path")
        .order_by("path")
    )
    per_child = []
    for child in children:
        inside = [summaries[u.pk] for u in units if u.path.startswith(child.path)]
        if inside:
            per_child.append({"code": child.code, "name": child.name, **_counts(inside, levels)})
    heat = []
    if version is not None:
        for criterion in compiled(version).definition.criteria:
            if criterion.is_condition:
                continue  # conditions are not criteria: not in the heat map
            key = str(criterion.number)
            met = sum(bool(s.criteria.get(key)) for s in summaries.values())
            heat.append(
                {
                    "number": criterion.number,
                    "name": criterion.name,
                    "met": met,
                    "share": round(met / len(summaries), 4) if summaries else 0.0,
                }
            )
    return {
        "criteriaSet": criteria_set.code,
        "setVersion": version.number if version else None,
        "year": year,
        "asOf": as_of_for_year(year),
        "parent": {"code": parent.code, "name": parent.name},
        **_counts(summaries.values(), levels),
        "dossiersInProgress": dossiers_in_progress(
            unit_ids=ids, year=year, criteria_set_id=criteria_set.pk
        ),
        "children": per_child,
        "criteria": heat,
    }
