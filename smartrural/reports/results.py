"""Public results of the programme: what anyone may read about a province, district or commune.

Recognition decisions are public acts and the results they rest on are published, so these
figures need no login: recognitions (decision number and date, deciding authority), how many
criteria a unit meets (its evaluation, never the values behind it), counts of units by level
held and the digital transformation KPIs as shares. Raw indicator values, comments, evidence,
dossiers in progress and officials' names stay behind the officials' gates.

Every figure comes from the selectors the dashboards use (``headline_summaries`` over
``criteria.selectors.summary``, ``cached_summaries``, ``transformation.kpis.kpi_report``), called
without a user: over every unit, because they are aggregates.

The year shown by default is ``default_year``: the latest year with results under the unit in
which the unit existed on 1 July (a stand-in for the reference-date rule, kept in that one
function so it can be swapped for it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import Scope
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.selectors import (
    as_of_for_year,
    cached_summaries,
    compiled,
    units_for_set,
)
from smartrural.geo.models import AdministrativeUnit, Level, path_upper_bound
from smartrural.geo.selectors import all_predecessors
from smartrural.recognition.models import Recognition, TargetLevel
from smartrural.recognition.selectors import recognitions_of_unit
from smartrural.transformation.kpis import Kpi, Period, kpi_report
from smartrural.transformation.models import WorkRecordStat

from .headlines import Headline, headline_summaries, reached

PUBLIC_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
HISTORY_YEARS = 5  # the province's and district's counts by year: the latest five with results
COMMUNE_LEVELS = frozenset({TargetLevel.NTM, TargetLevel.ADVANCED, TargetLevel.MODEL})


def _years_valid(unit: AdministrativeUnit) -> Q:
    """Years whose 1 July the unit existed on (the day a year's units are read on)."""
    bounds = Q()
    if unit.valid_from is not None:
        first = unit.valid_from.year
        bounds &= Q(year__gte=first if unit.valid_from <= as_of_for_year(first) else first + 1)
    if unit.valid_to is not None:
        last = unit.valid_to.year
        bounds &= Q(year__lte=last if unit.valid_to >= as_of_for_year(last) else last - 1)
    return bounds


def _result_years(units: Q, bounds: Q | None = None, *, records: bool = True) -> set[int]:
    """Distinct years with indicator values, recognition decisions or (``records``) work records
    of the units ``units`` selects (a filter on ``unit__``), within ``bounds``: one query (a
    UNION)."""
    bounds = bounds or Q()
    # Each part without its model's ordering: a compound statement refuses one.
    values = IndicatorValue.objects.filter(units, bounds).order_by().values_list("year")
    decisions = Recognition.objects.filter(units, bounds).order_by().values_list("year")
    parts: list[QuerySet[Any]] = [decisions]
    if records:
        parts.append(
            WorkRecordStat.objects.filter(units)
            .annotate(year=ExtractYear("month"))
            .filter(bounds)
            .order_by()
            .values_list("year")
        )
    return {int(year) for (year,) in values.union(*parts)}


def _under(unit: AdministrativeUnit) -> Q:
    return Q(unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path))


def years_with_results(unit: AdministrativeUnit) -> list[int]:
    """Years (oldest first) with results under ``unit`` in which the unit existed on 1 July."""
    return sorted(_result_years(_under(unit), _years_valid(unit)))


def years_with_criteria(unit: AdministrativeUnit) -> set[int]:
    """``years_with_results`` without the years of work records only: the years whose NTM
    counts mean something (a year with work records only has none: "—", not "0/35")."""
    return _result_years(_under(unit), _years_valid(unit), records=False)


def latest_year_in(scope: Scope | None) -> int | None:
    """The latest year with results among the units of ``scope`` (None: every unit)."""
    years = _result_years(Q() if scope is None else scope.unit_q("unit__"))
    return max(years, default=None)


def default_year(years: list[int], unit: AdministrativeUnit, on: dt.date | None = None) -> int:
    """The year a results page opens on: the latest with results; without any, the year of
    ``on`` (default today), or the last year the unit existed on 1 July when it has been
    replaced since."""
    if years:
        return years[-1]
    year = (on or today()).year
    if unit.valid_to is not None and unit.valid_to < as_of_for_year(year):
        last = unit.valid_to.year
        year = last if unit.valid_to >= as_of_for_year(last) else last - 1
    return year


def province_on(year: int) -> AdministrativeUnit | None:
    """The province valid on 1 July of ``year`` (the installation's, in its reference data)."""
    return (
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(level=Level.PROVINCE)
        .order_by("path")
        .first()
    )


def public_province(year: int | None) -> tuple[AdministrativeUnit, int] | None:
    """The province of the public results and the year shown: the year asked, else the latest
    year with results anywhere; without any results, the province valid today (or the latest
    one) and ``default_year``'s year. None: no province is recorded (for the year asked)."""
    if year is None:
        year = latest_year_in(None)
    if year is not None:
        found = province_on(year)
        return None if found is None else (found, year)
    rows = list(AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("path"))
    if not rows:
        return None
    current = [u for u in rows if u.is_valid_on(today())]
    unit = current[0] if current else max(rows, key=lambda u: u.valid_to or dt.date.max)
    return unit, default_year([], unit)


def _not_found(code: str, year: int) -> Http404:
    return Http404(
        _("No province, district or commune has code %(code)s in %(year)s.")
        % {"code": code, "year": year}
    )


def public_unit(code: str, year: int | None, on: dt.date | None = None) -> AdministrativeUnit:
    """The province, district or commune ``code`` on 1 July of ``year``, else on ``on`` (a
    link from the unit's page on that date); without either, the unit with that code valid
    today or, when it has been replaced, the latest one."""
    units = AdministrativeUnit.objects.filter(code=code, level__in=PUBLIC_LEVELS)
    if year is not None or on is not None:
        day = as_of_for_year(year) if year is not None else on
        assert day is not None
        found = units.valid_on(day).first()
        if found is None:
            raise _not_found(code, day.year)
        return found
    rows = list(units)
    current = [u for u in rows if u.is_valid_on(today())]
    if current:
        return current[0]
    if not rows:
        raise _not_found(code, today().year)
    return max(rows, key=lambda u: u.valid_to or dt.date.max)


# -- what the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    number: int
    name: str
    status: str  # met, not_met, no_data (a criterion with an indicator lacking its value)


@dataclass(frozen=True)
class SetResult:
    """How many criteria of a set a unit meets in a year (from its evaluation)."""

    name: str
    legal_basis: str
    met: int
    total: int
    criteria: list[CriterionResult]

    @property
    def criteria_met(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.status == "met"]

    @property
    def criteria_not_met(self) -> list[CriterionResult]:
        """Those not met, and those lacking a value (not judged yet)."""
        return [c for c in self.criteria if c.status != "met"]


@dataclass(frozen=True)
class DistrictRow:
    code: str
    name: str
    ntm: int
    communes: int
    recognised: bool


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    reached: str  # model, advanced, ntm, none
    criteria_met: int | None
    criteria_total: int | None


@dataclass(frozen=True)
class KpiLine:
    label: str
    level: str
    kpi: Kpi


@dataclass(frozen=True)
class RecognitionLine:
    recognition: Recognition
    via: AdministrativeUnit | None  # the predecessor that holds it; None: the unit itself
    authority: str


@dataclass(frozen=True)
class YearCounts:
    year: int
    headlines: dict[str, Headline]


@dataclass
class UnitResults:
    unit: AdministrativeUnit
    year: int
    years: list[int]
    ancestors: list[AdministrativeUnit] = field(default_factory=list)
    headlines: dict[str, Headline] = field(default_factory=dict)
    history: list[YearCounts] = field(default_factory=list)
    own: list[SetResult] = field(default_factory=list)
    recognitions: list[RecognitionLine] = field(default_factory=list)
    districts: list[DistrictRow] = field(default_factory=list)
    communes: list[CommuneRow] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)

    @property
    def as_of(self) -> dt.date:
        return as_of_for_year(self.year)


def own_results(unit: AdministrativeUnit, year: int) -> list[SetResult]:
    """The unit's evaluation against each set it has values of in ``year``: criteria met out of
    the set's, and each criterion met, not met or without all its values."""
    set_ids = (
        IndicatorValue.objects.filter(unit=unit, year=year)
        .values_list("criteria_set_id", flat=True)
        .distinct()
    )
    out = []
    for criteria_set in CriteriaSet.objects.filter(pk__in=set_ids).order_by("code"):
        version, summaries = cached_summaries(criteria_set=criteria_set, year=year, units=[unit])
        found = summaries.get(unit.pk)
        if version is None or found is None:
            continue
        definition = compiled(version).definition
        missing = set(found.missing)
        criteria = []
        for criterion in definition.criteria:
            met = bool(found.criteria.get(str(criterion.number)))
            lacking = any(i.code in missing for i in criterion.indicators)
            status = "met" if met else "no_data" if lacking else "not_met"
            criteria.append(CriterionResult(criterion.number, criterion.name, status))
        out.append(
            SetResult(
                name=criteria_set.name,
                legal_basis=definition.legal_basis,
                met=found.criteria_met,
                total=found.criteria_total,
                criteria=criteria,
            )
        )
    return out


def deciding_authority(recognition: Recognition) -> str:
    """Who decided: the signer recorded on the decision, else the authority the law names for
    the level (QĐ 18/2022: the provincial chairman for communes, the Prime Minister above)."""
    if recognition.signer:
        return recognition.signer
    if recognition.level in COMMUNE_LEVELS:
        return _("Chair of the provincial People's Committee")
    return _("Prime Minister")


def recognition_lines(unit: AdministrativeUnit) -> list[RecognitionLine]:
    """The unit's recognitions, then those its predecessors hold (a merged commune keeps
    what the communes it was made of were recognised), as the unit page lists them."""
    earlier_units = [link.unit for link in all_predecessors(unit=unit)]
    return [
        RecognitionLine(item.recognition, item.via, deciding_authority(item.recognition))
        for item in recognitions_of_unit(unit=unit, predecessors=earlier_units)
    ]


def kpi_lines(unit: AdministrativeUnit, year: int, user: Actor | None = None) -> list[KpiLine]:
    """The digital transformation KPIs of ``unit`` for ``year``, at each level under it, against
    the year's targets (``user=None``: over every unit)."""
    report = kpi_report(parent=unit, period=Period.for_year(year), user=user)
    return [
        KpiLine(str(item.label), str(Level(level).label), kpi)
        for item in report.indicators
        for level, kpi in item.levels.items()
    ]


def _rows(results: UnitResults, summaries: dict[str, dict[str, Any]]) -> None:
    """The units under it: districts with their communes' counts, or communes with the level
    each holds and the criteria it meets."""
    ntm, districts = summaries.get("ntm"), summaries.get("districts")
    held = {
        child["code"]: bool(child["recognised"].get(TargetLevel.DISTRICT_NTM))
        for child in (districts or {}).get("children", [])
    }
    children = (ntm or {}).get("children", [])
    has_districts = (
        AdministrativeUnit.objects.valid_on(results.as_of)
        .filter(parent=results.unit, level=Level.DISTRICT)
        .exists()
    )
    if has_districts:
        results.districts = [
            DistrictRow(
                c["code"],
                c["name"],
                c["recognised"].get(TargetLevel.NTM, 0),
                c["total"],
                held.get(c["code"], False),
            )
            for c in children
        ]
        return
    ntm_set = _set_of(ntm)
    if ntm_set is None:
        return
    communes = units_for_set(criteria_set=ntm_set, year=results.year, parent=results.unit)
    _version, evaluated = cached_summaries(criteria_set=ntm_set, year=results.year, units=communes)
    # A commune without a value of the year has no criteria count ("no data yet", not "0/19").
    with_values = set(
        IndicatorValue.objects.filter(
            criteria_set=ntm_set, year=results.year, unit__in=[c.pk for c in communes]
        )
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    levels = {c["code"]: {k for k, n in c["recognised"].items() if n} for c in children}
    for commune in communes:
        found = evaluated.get(commune.pk) if commune.pk in with_values else None
        results.communes.append(
            CommuneRow(
                commune.code,
                commune.name,
                reached(levels.get(commune.code, set())),
                found.criteria_met if found else None,
                found.criteria_total if found else None,
            )
        )


def _set_of(data: dict[str, Any] | None) -> CriteriaSet | None:
    if data is None:
        return None
    return CriteriaSet.objects.filter(code=data["criteriaSet"]).first()


def unit_results(unit: AdministrativeUnit, year: int, years: list[int]) -> UnitResults:
    """Everything the public results page shows for ``unit`` in ``year``."""
    results = UnitResults(unit=unit, year=year, years=years)
    results.ancestors = list(
        AdministrativeUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("path")
    )
    if unit.level != Level.COMMUNE:
        # A year with work records only has no NTM counts ("—", not "0/35").
        with_criteria = years_with_criteria(unit)

        def headlines_of(y: int) -> list[tuple[Headline, dict[str, Any]]]:
            return headline_summaries(unit=unit, year=y) if y in with_criteria else []

        summaries: dict[str, dict[str, Any]] = {}
        for headline, data in headlines_of(year):
            results.headlines[headline.key] = headline
            summaries[headline.key] = data
        _rows(results, summaries)
        for earlier in [y for y in years if y < year][-(HISTORY_YEARS - 1) :]:
            counts = {h.key: h for h, _data in headlines_of(earlier)}
            results.history.append(YearCounts(earlier, counts))
        results.history.append(YearCounts(year, results.headlines))
    if unit.level != Level.PROVINCE:
        results.own = own_results(unit, year)
        results.recognitions = recognition_lines(unit)
    results.kpis = kpi_lines(unit, year)
    return results
