"""The evaluation cache: an ``Evaluation`` row per unit, set and year holds what lists and
summaries need (met, counts, per-criterion flags, missing indicators) and the version it was
computed with. A row is fresh while its version is the set's current one; writes delete the
rows they affect (``services.invalidate_evaluations``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine import Result
from ..models import CriteriaSet, CriteriaSetVersion, Evaluation
from ..versions import compiled
from .values import IN_BATCH


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


def evaluation_row(
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


def result_row(
    unit_id: int, criteria_set: CriteriaSet, version: CriteriaSetVersion, result: Result
) -> Evaluation:
    """The cache row of a full evaluation."""
    flags = result.criteria_flags() | result.condition_flags()
    return evaluation_row(
        unit_id, criteria_set, version, result.year, flags, result.missing, awards=result.awards
    )


def store_rows(
    criteria_set: CriteriaSet, version: CriteriaSetVersion, year: int, rows: dict[int, Evaluation]
) -> None:
    """Write the cache ``rows`` (unit id -> row) whose row is missing or stale (bulk)."""
    ids = list(rows)
    stale: list[int] = []
    present: set[int] = set()
    for start in range(0, len(ids), IN_BATCH):
        existing = Evaluation.objects.filter(
            criteria_set=criteria_set, year=year, unit_id__in=ids[start : start + IN_BATCH]
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


def fresh_rows(
    *, criteria_set: CriteriaSet, year: int, version: CriteriaSetVersion, ids: Sequence[int]
) -> dict[int, EvaluationSummary]:
    """The fresh cache rows of the units ``ids`` (one query per 5,000 units)."""
    out: dict[int, EvaluationSummary] = {}
    for start in range(0, len(ids), IN_BATCH):
        rows = Evaluation.objects.filter(
            criteria_set=criteria_set,
            year=year,
            version=version,
            unit_id__in=ids[start : start + IN_BATCH],
        ).only("unit_id", "version_id", "met", "criteria_met", "criteria_total", "result")
        for row in rows:
            out[row.unit_id] = EvaluationSummary.from_row(row)
    return out
