"""Reads for the dashboard: which unit and year, headline counts, per-child rows, heat map,
progress by year and dossiers by stage.

Every figure comes from ``criteria.selectors.summary`` (evaluations and decisions), scoped to the
user. The number of queries does not depend on the number of units: each set is summarised with
a fixed number of bulk queries, and the heat map and map reuse the cached evaluation rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.selectors import (
    as_of_for_year,
    cached_summaries,
    compiled,
    covers_year,
    current_version,
    summary,
    units_for_set,
)
from smartrural.geo.models import PATH_SEGMENT, AdministrativeUnit, path_upper_bound
from smartrural.recognition.models import IN_PROGRESS, Dossier, Recognition, Stage, TargetLevel
from smartrural.recognition.selectors import district_recognitions, recognised_levels
from smartrural.recognition.services import is_overdue
from smartrural.recognition.workflow import DISTRICT_UNIT_LEVELS

NTM_SET = "QD318-XA"
ADVANCED_SET = "QD318-XA-NC"
MODEL_SET = "QD319-XA-KM"
DISTRICT_SET = "QD320-HUYEN"
SET_CODES = (NTM_SET, ADVANCED_SET, MODEL_SET, DISTRICT_SET)
PROGRESS_YEARS = 3  # the selected year and the two before it


def years_with_data() -> list[int]:
    """Years that hold indicator values, oldest first."""
    return list(IndicatorValue.objects.order_by("year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    recognised: int
    total: int
    meeting_not_recognised: int
    in_progress: int


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


@dataclass(frozen=True)
class HeatCell:
    met: int  # units meeting the criterion
    no_data: int  # units with none of the criterion's indicators entered (not judged)
    shade: int  # 0–4: the share of the row's units meeting it
    total: int  # the row's units

    @property
    def all_without_data(self) -> bool:
        """No unit of the row has data for the criterion: nothing to judge, nothing unmet."""
        return self.total > 0 and self.no_data == self.total


@dataclass(frozen=True)
class HeatRow:
    code: str
    name: str
    level: str
    total: int
    cells: list[int]  # per criterion (in column order): units meeting it
    # per criterion: units with no data for it (none of its indicators entered)
    no_data: list[int] = field(default_factory=list)

    @property
    def shaded(self) -> list[tuple[int, int]]:
        """(count, shade 0–4): the share of the row's units meeting each criterion."""
        return [(n, round(4 * n / self.total) if self.total else 0) for n in self.cells]

    @property
    def heat_cells(self) -> list[HeatCell]:
        no_data = self.no_data or [0] * len(self.cells)
        return [
            HeatCell(n, missing, shade, self.total)
            for (n, shade), missing in zip(self.shaded, no_data, strict=True)
        ]


@dataclass(frozen=True)
class HeatMap:
    criteria: list[dict[str, Any]]  # number, name, met, share (summary's "criteria")
    rows: list[HeatRow]
    total: int

    @property
    def no_data(self) -> list[int]:
        """Per criterion: the units without data for it, over every row."""
        columns = [row.no_data for row in self.rows if row.no_data]
        return [sum(c) for c in zip(*columns, strict=True)] if columns else []

    @property
    def has_no_data(self) -> bool:
        return any(self.no_data)


@dataclass(frozen=True)
class ProgressRow:
    year: int
    total: int
    meeting_all: int
    ntm: int
    advanced: int


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    count: int
    overdue: int


@dataclass(frozen=True)
class MapUnit:
    code: str
    name: str
    level: str  # reached: model, advanced, ntm, none
    parent_code: str


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


def criteria_sets() -> dict[str, CriteriaSet]:
    return {
        s.code: s for s in CriteriaSet.objects.select_related("base").filter(code__in=SET_CODES)
    }


def _headline(key: str, label: str, data: dict[str, Any], levels: tuple[str, ...]) -> Headline:
    return Headline(
        key=key,
        label=label,
        recognised=sum(data["recognised"].get(level, 0) for level in levels),
        total=data["total"],
        meeting_not_recognised=data["meetingNotRecognised"],
        in_progress=sum(data["dossiersInProgress"].values()),
    )


# Set, key, the levels counted: district-level units count "huyện đạt chuẩn" and the towns'
# "hoàn thành nhiệm vụ xây dựng NTM" together.
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (NTM_SET, "ntm", (TargetLevel.NTM,)),
    (ADVANCED_SET, "advanced", (TargetLevel.ADVANCED,)),
    (MODEL_SET, "model", (TargetLevel.MODEL,)),
    (DISTRICT_SET, "districts", DISTRICT_UNIT_LEVELS),
)


def _headline_labels() -> dict[str, str]:
    return {
        "ntm": _("Communes meeting the NTM standard"),
        "advanced": _("Communes meeting the advanced NTM standard"),
        "model": _("Model NTM communes"),
        "districts": _("District-level units meeting the NTM standard or completing the NTM task"),
    }


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


def reached(levels: set[str]) -> str:
    """The highest commune level held: model, advanced, ntm or none."""
    for level in (TargetLevel.MODEL, TargetLevel.ADVANCED, TargetLevel.NTM):
        if level in levels:
            return str(level)
    return "none"


def _children_of(unit: AdministrativeUnit, year: int) -> dict[str, AdministrativeUnit]:
    """The unit's children on 1 July of ``year``, by path."""
    return {
        c.path: c
        for c in AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(parent=unit)
        .only("pk", "code", "name", "path", "level")
    }


def _heat_and_map(
    dashboard: Dashboard,
    ntm: CriteriaSet,
    data: dict[str, Any],
    children: dict[str, AdministrativeUnit],
    user: Any,
) -> None:
    """Heat map rows (children, or the communes themselves) and the map's units, from the
    evaluation rows ``summary`` has just cached (a fixed number of queries)."""
    unit, year = dashboard.unit, dashboard.year
    scope = scope_for_user(user)
    communes = [
        u for u in units_for_set(criteria_set=ntm, year=year, parent=unit) if scope.contains(u)
    ]
    version, summaries = cached_summaries(criteria_set=ntm, year=year, units=communes)
    # A criterion none of whose indicators a commune entered is "no data", not "not met".
    codes = (
        {
            str(c.number): [i.code for i in c.indicators]
            for c in compiled(version).definition.criteria
        }
        if version is not None
        else {}
    )
    held = recognised_levels(unit_ids=[u.pk for u in communes], year=year)
    depth = len(unit.path) + PATH_SEGMENT
    groups: dict[str, list[AdministrativeUnit]] = {}
    for commune in communes:
        child = children.get(commune.path[:depth])
        key = child.path if child is not None else commune.path
        groups.setdefault(key, []).append(commune)
        dashboard.map_units.append(
            MapUnit(
                code=commune.code,
                name=commune.name,
                level=reached(held.get(commune.pk, set())),
                parent_code=child.code if child is not None else unit.code,
            )
        )
    numbers = [str(c["number"]) for c in data["criteria"]]
    rows = []
    for key, members in groups.items():
        head = children.get(key) or members[0]
        cells = [sum(bool(summaries[m.pk].criteria.get(n)) for m in members) for n in numbers]
        missing = [set(summaries[m.pk].missing) for m in members]
        no_data = [
            sum(bool(codes.get(n)) and all(c in gone for c in codes[n]) for gone in missing)
            for n in numbers
        ]
        rows.append(HeatRow(head.code, head.name, head.level, len(members), cells, no_data))
    dashboard.heat = HeatMap(criteria=data["criteria"], rows=rows, total=data["total"])


def _stages(unit: AdministrativeUnit, year: int) -> list[StageRow]:
    """Dossiers of ``year`` under ``unit`` still in progress, by stage, with the overdue ones."""
    dossiers = (
        Dossier.objects.filter(
            unit__path__gte=unit.path,
            unit__path__lt=path_upper_bound(unit.path),
            year=year,
            stage__in=IN_PROGRESS,
        )
        .only("pk", "stage", "stage_entered_at")
        .order_by()
    )
    counts: dict[str, list[int]] = {}
    now = dt.datetime.now(dt.UTC)
    for dossier in dossiers:
        entry = counts.setdefault(dossier.stage, [0, 0])
        entry[0] += 1
        entry[1] += is_overdue(dossier, now=now)
    labels = dict(Stage.choices)
    return [
        StageRow(stage, str(labels[stage]), *counts[stage])
        for stage in IN_PROGRESS
        if stage in counts
    ]


def _progress(
    unit: AdministrativeUnit,
    year: int,
    years: Sequence[int],
    user: Any,
    current: dict[str, Any],
) -> list[ProgressRow]:
    """Counts for the selected year and the years before it, each against the commune set in
    force that year (``current``: the selected year's summary, already computed)."""
    rows = []
    shown = sorted({y for y in years if year - PROGRESS_YEARS < y < year} | {year})
    for y in shown:
        if y == year:
            data = current
        else:
            in_force = next((cs for key, _l, cs in headline_sets(y) if key == "ntm"), None)
            if in_force is None:
                continue
            data = summary(criteria_set=in_force, year=y, parent=unit, user=user)
            if not data["total"]:  # ``unit`` held no commune that year (created in 2025)
                continue
        rows.append(
            ProgressRow(
                year=y,
                total=data["total"],
                meeting_all=data["meetingAll"],
                ntm=data["recognised"].get(TargetLevel.NTM, 0),
                advanced=data["recognised"].get(TargetLevel.ADVANCED, 0),
            )
        )
    return rows


def dashboard(*, user: Any, unit: AdministrativeUnit, year: int, years: Sequence[int]) -> Dashboard:
    """Everything the dashboard page and its exports show for ``unit`` and ``year``."""
    result = Dashboard(unit=unit, year=year)
    sets = criteria_sets()
    labels = _headline_labels()
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
            result.headlines.append(_headline(key, labels[key], data, levels))
    if ntm is not None:
        ntm_set, ntm_data = ntm
        children = _children_of(unit, year)
        result.children = _child_rows(ntm_data, children, districts_recognised)
        _heat_and_map(result, ntm_set, ntm_data, children, user)
        result.progress = _progress(unit, year, years, user, ntm_data)
    result.map_groups = [(c.code, c.name, c.district_recognised) for c in result.children]
    result.stages = _stages(unit, year)
    return result


def _districts_recognised(
    district_set: CriteriaSet, unit: AdministrativeUnit, year: int, user: Any
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


def headline_sets(year: int) -> list[tuple[str, tuple[str, ...], CriteriaSet]]:
    """(key, levels counted, national set) of each headline for ``year``: the set ``HEADLINES``
    names, or, for a year outside its period, the loaded national set of the same unit level
    that awards the same level in that year (QĐ 51's commune set from 2026); a headline without
    one is left out rather than counted against a set of another period."""
    sets = criteria_sets()
    roots = [s for s in CriteriaSet.objects.filter(base__isnull=True) if s.code not in sets]
    out = []
    for code, key, levels in HEADLINES:
        named = sets.get(code)
        if named is not None and covers_year(named, year) is not False:
            out.append((key, levels, named))
            continue
        for other in roots:
            version = current_version(other)
            if version is None or other.unit_level != (named.unit_level if named else ""):
                continue
            definition = compiled(version).definition
            if definition.awards in levels and covers_year(other, year):
                out.append((key, levels, other))
                break
    return out


def headline_summaries(
    *, unit: AdministrativeUnit, year: int, user: Any = None
) -> list[tuple[Headline, dict[str, Any]]]:
    """Each headline of ``unit`` and ``year`` with the ``criteria.selectors.summary`` it is read
    from (the dashboard's counts); ``user=None``: over every unit, the public figures (counts of
    evaluations and decisions: no value, comment or document)."""
    labels = _headline_labels()
    out = []
    for key, levels, criteria_set in headline_sets(year):
        data = summary(criteria_set=criteria_set, year=year, parent=unit, user=user)
        if data["total"]:
            out.append((_headline(key, labels[key], data, levels), data))
    return out
