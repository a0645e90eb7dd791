"""The home page's figures (a section registered with ``core.home`` in ``ReportsConfig.ready``):
the headline figures of the reader's units for the latest year with results there (officials:
their top unit, linking to the dashboards; residents: their commune; anonymous visitors: the
province; both linking to the public results).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.access import is_resident, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.accounts.dashboards import top_unit_for_user
from smartrural.accounts.models import User
from smartrural.core.dates import today
from smartrural.core.home import HomeSection
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.recognition.selectors import recognised_levels

from .headlines import Headline, headline_summaries, reached
from .results import KpiLine, SetResult, kpi_lines, latest_year_in, own_results, public_province


@dataclass(frozen=True)
class Figure:
    value: str  # "82/85", "27", "19/19"
    label: str
    url: str
    headline: Headline | None = None  # its counts beside the value (officials see them)


@dataclass(frozen=True)
class HomeFigures:
    unit: AdministrativeUnit
    year: int
    official: bool
    figures: list[Figure]
    own: list[SetResult]
    held: str  # communes: the highest level held (model, advanced, ntm, none); else ""
    kpis: list[KpiLine]
    results_url: str
    dashboard_url: str  # officials only
    kpis_url: str


def _query(url: str, **params: Any) -> str:
    return f"{url}?{urlencode(params)}"


def _headline_figures(
    unit: AdministrativeUnit, year: int, user: Actor | None, url: str
) -> list[Figure]:
    labels = {
        "ntm": _("communes meeting the NTM standard"),
        "advanced": _("communes meeting the advanced NTM standard"),
        "model": _("model NTM communes"),
        "districts": _("district-level units meeting the NTM standard or completing the NTM task"),
    }
    figures = []
    for headline, _data in headline_summaries(unit=unit, year=year, user=user):
        with_total = headline.key in ("ntm", "districts")
        value = (
            f"{headline.recognised}/{headline.total}" if with_total else str(headline.recognised)
        )
        figures.append(Figure(value, labels[headline.key], url, headline))
    return figures


def home_figures(request: HttpRequest) -> HomeFigures | None:
    """The figures of the reader's units (see the module docstring); None when the reader has
    no unit or the installation no province yet."""
    user = request.user
    signed_in = isinstance(user, User)
    official = signed_in and not is_resident(user)
    if signed_in:
        scope = scope_for_user(user)
        year = latest_year_in(None if scope.everything else scope) or today().year
        unit = top_unit_for_user(user, as_of=as_of_for_year(year))
    else:
        found = public_province(None)
        if found is None:
            return None
        unit, year = found
    if unit is None:
        return None
    # Officials read their scope's figures; residents and visitors the public ones.
    reader = user if official and isinstance(user, User) else None
    results_url = _query(reverse("results:unit", args=[unit.code]), year=year)
    dashboard_url = kpis_url = ""
    if official:
        dashboard_url = _query(reverse("reports:dashboard"), unit=unit.code, year=year)
        kpis_url = _query(reverse("transformation:dashboard"), unit=unit.code, year=year)
    figures: list[Figure] = []
    own: list[SetResult] = []
    held = ""
    if unit.level == Level.COMMUNE:
        own = own_results(unit, year)
        held = reached(recognised_levels(unit_ids=[unit.pk], year=year).get(unit.pk, set()))
    else:
        figures = _headline_figures(unit, year, reader, dashboard_url or results_url)
    return HomeFigures(
        unit=unit,
        year=year,
        official=official,
        figures=figures,
        own=own,
        held=held,
        kpis=kpi_lines(unit, year, reader),
        results_url=results_url,
        dashboard_url=dashboard_url,
        kpis_url=kpis_url,
    )


def figures_section(request: HttpRequest) -> HomeSection | None:
    figures = home_figures(request)
    if figures is None:
        return None
    return HomeSection("reports/home_figures.html", {"data": figures})
