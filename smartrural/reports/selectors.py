"""Reads for the dashboard: which unit and year, headline counts, per-child rows, heat map,
progress by year and dossiers by stage.

Every figure comes from ``criteria.selectors.summary`` (evaluations and decisions), scoped to the
user. The number of queries does not depend on the number of units: each set is summarised with
a fixed number of bulk queries, and the heat map and map reuse the cached evaluation rows. The
sections live in their own modules (``headlines``, ``heatmap``, ``progress``, ``stages``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.selectors import as_of_for_year, summary, units_for_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Recognition, TargetLevel
from smartrural.recognition.selectors import district_recognitions

from .headlines import Headline, headline_labels, headline_of
from .heatmap import HeatMap, MapUnit, heat_and_map
from .progress import ProgressRow, progress
from .sets import HEADLINES, criteria_sets, headline_sets
from .stages import StageRow, stages


def years_with_data() -> list[int]:
    """Years that hold indicator values, oldest first."""
    return list(IndicatorValue.objects.order_by("year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ChildRow:
    code: str
    name: str
    unit_level: str  # district, commune, ...
    district_recognised: bool
    total: int
    meeting_all: int
    ntm: int
    advanced: int
    meeting_not_recognised: int
    # The district-level unit's recognition in force (huyện NTM, or a town's "hoàn thành nhiệm
    # vụ"), with its decision and deciding authority.
    recognition: Recognition | None = None


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    year: int
    headlines: list[Headline] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    heat: HeatMap | None = None
    progress: list[ProgressRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    map_units: list[MapUnit] = field(default_factory=list)
    map_groups: list[tuple[str, str, bool]] = field(default_factory=list)  # code, name, recognised
    missing_sets: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.stages)

    @property
    def in_progress(self) -> int:
        return sum(row.count for row in self.stages)


def _child_rows(
    data: dict[str, Any],
    children: dict[str, AdministrativeUnit],
    recognised: dict[str, Recognition],
) -> list[ChildRow]:
    levels = {c.code: c.level for c in children.values()}
    return [
        ChildRow(
            code=child["code"],
            name=child["name"],
            unit_level=levels.get(child["code"], ""),
            district_recognised=child["code"] in recognised,
            total=child["total"],
            meeting_all=child["meetingAll"],
            ntm=child["recognised"].get(TargetLevel.NTM, 0),
            advanced=child["recognised"].get(TargetLevel.ADVANCED, 0),
            meeting_not_recognised=child["meetingNotRecognised"],
            recognition=recognised.get(child["code"]),
        )
        for child in data["children"]
    ]


def _children_of(unit: AdministrativeUnit, year: int) -> dict[str, AdministrativeUnit]:
    """The unit's children on 1 July of ``year``, by path."""
    return {
        c.path: c
        for c in AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(parent=unit)
        .only("pk", "code", "name", "path", "level")
    }


def dashboard(
    *, user: Actor, unit: AdministrativeUnit, year: int, years: Sequence[int]
) -> Dashboard:
    """Everything the dashboard page and its exports show for ``unit`` and ``year``."""
    result = Dashboard(unit=unit, year=year)
    sets = criteria_sets()
    labels = headline_labels()
    ntm: tuple[CriteriaSet, dict[str, Any]] | None = None
    districts_recognised: dict[str, Recognition] = {}
    # The set of each headline in force in ``year`` (QĐ 51's commune set from 2026).
    in_force = {key: criteria_set for key, _levels, criteria_set in headline_sets(year)}
    for code, key, levels in HEADLINES:
        if code not in sets:
            result.missing_sets.append(code)
        criteria_set = in_force.get(key)
        if criteria_set is None:
            continue
        data = summary(criteria_set=criteria_set, year=year, parent=unit, user=user)
        if key == "ntm":
            ntm = (criteria_set, data)
        if key == "districts" and data["total"]:
            districts_recognised = _districts_recognised(criteria_set, unit, year, user)
        if data["total"]:
            result.headlines.append(headline_of(key, labels[key], data, levels))
    if ntm is not None:
        ntm_set, ntm_data = ntm
        children = _children_of(unit, year)
        result.children = _child_rows(ntm_data, children, districts_recognised)
        result.heat, result.map_units = heat_and_map(
            unit=unit, year=year, ntm=ntm_set, data=ntm_data, children=children, user=user
        )
        result.progress = progress(unit, year, years, user, ntm_data)
    result.map_groups = [(c.code, c.name, c.district_recognised) for c in result.children]
    result.stages = stages(unit, year)
    return result


def _districts_recognised(
    district_set: CriteriaSet, unit: AdministrativeUnit, year: int, user: Actor
) -> dict[str, Recognition]:
    """The district-level units under ``unit`` recognised by ``year`` (huyện NTM, or a town
    that completed the NTM task): code -> the recognition in force."""
    scope = scope_for_user(user)
    districts = [
        d
        for d in units_for_set(criteria_set=district_set, year=year, parent=unit)
        if scope.contains(d)
    ]
    held = district_recognitions(unit_ids=[d.pk for d in districts], year=year)
    return {d.code: held[d.pk] for d in districts if d.pk in held}


def headline(dashboard: Dashboard, key: str) -> Headline | None:
    return next((h for h in dashboard.headlines if h.key == key), None)
