"""The live NTM results on a portal's home page (the ``portal.results`` hook, filled in
``ReportsConfig.ready``).

Nothing here is typed by hand: every figure is read from the data by the selectors of the public
results page (``results``) and the dashboards, so the portal, the dashboard and the public results
never disagree:

- a commune's portal: its recognitions and its predecessors' (``results.recognition_lines``, as
  the unit page lists them), the criteria it meets in each set it has values of
  (``results.own_results``: the evaluation cache, ``criteria.selectors.cached_summaries``) and
  its digital transformation KPIs (``results.kpi_lines`` over ``transformation.kpis.kpi_report``,
  the transformation dashboard's report);
- the province's (and any other unit's above a commune): the headline counts
  (``headlines.headline_summaries`` over ``criteria.selectors.summary``, the dashboard's).

The year is the latest year with results for the unit (indicator values, decisions or work
records under it, in a year whose 1 July it existed on) not after the day shown; without any, the
day's year, and the section says there is nothing yet. Public figures: read over every unit
(``user=None``), with no value, comment or document behind them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.portal.results import ResultsSection

from .headlines import Headline, headline_summaries
from .results import (
    PUBLIC_LEVELS,
    KpiLine,
    RecognitionLine,
    SetResult,
    default_year,
    kpi_lines,
    own_results,
    recognition_lines,
    years_with_criteria,
    years_with_results,
)

TEMPLATE = "reports/portal_results.html"


@dataclass(frozen=True)
class PortalResults:
    unit: AdministrativeUnit
    year: int
    results_url: str
    headlines: dict[str, Headline] = field(default_factory=dict)  # above a commune
    own: list[SetResult] = field(default_factory=list)  # a commune: criteria met, per set
    recognitions: list[RecognitionLine] = field(default_factory=list)  # a commune
    kpis: list[KpiLine] = field(default_factory=list)  # a commune

    @property
    def commune(self) -> bool:
        return self.unit.level == Level.COMMUNE


def portal_year(unit: AdministrativeUnit, as_of: dt.date) -> int:
    """The latest year with results for ``unit`` not after ``as_of``'s year (the public results
    page's ``default_year`` as it would open on ``as_of``)."""
    years = [year for year in years_with_results(unit) if year <= as_of.year]
    return default_year(years, unit, on=as_of)


def results_url(unit: AdministrativeUnit, year: int, as_of: dt.date) -> str:
    """The unit's public results page for ``year``; the page of the unit as on ``as_of`` when
    it did not exist on 1 July of ``year`` (a unit created later in the year, without results)."""
    if not unit.is_valid_on(as_of_for_year(year)):
        url = reverse("results:unit", args=[unit.code])
        return f"{url}?{urlencode({'as_of': as_of.isoformat()})}"
    if unit.level == Level.PROVINCE:
        return f"{reverse('results:province')}?{urlencode({'year': year})}"
    return f"{reverse('results:unit', args=[unit.code])}?{urlencode({'year': year})}"


def results_for_portal(unit: AdministrativeUnit, as_of: dt.date) -> PortalResults | None:
    """What the portal of ``unit`` shows on ``as_of`` (see the module docstring); None for a
    unit the public results do not cover (a hamlet)."""
    if unit.level not in PUBLIC_LEVELS:
        return None
    year = portal_year(unit, as_of)
    url = results_url(unit, year, as_of)
    if unit.level == Level.COMMUNE:
        return PortalResults(
            unit=unit,
            year=year,
            results_url=url,
            own=own_results(unit, year),
            recognitions=recognition_lines(unit),
            kpis=kpi_lines(unit, year),
        )
    headlines: dict[str, Headline] = {}
    if year in years_with_criteria(unit):
        headlines = {h.key: h for h, _data in headline_summaries(unit=unit, year=year)}
    return PortalResults(unit=unit, year=year, results_url=url, headlines=headlines)


def results_section(unit: AdministrativeUnit, as_of: dt.date) -> ResultsSection | None:
    """The provider registered with ``portal.results.register_results_provider``."""
    data = results_for_portal(unit, as_of)
    return None if data is None else ResultsSection(TEMPLATE, {"data": data})
