"""The summary of a set under a parent unit: counts of units meeting it and recognised, per
child unit and per criterion (the heat map), the dossiers in progress."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet
from ..recognitions import dossiers_in_progress, recognised_levels
from ..versions import compiled
from .cache import EvaluationSummary
from .evaluations import cached_summaries
from .units import as_of_for_year, units_for_set


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
    *,
    criteria_set: CriteriaSet,
    year: int,
    parent: AdministrativeUnit,
    user: Actor | None = None,
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
