"""The home page's sections (registered with ``core.home`` in ``ReportsConfig.ready``).

Figures: the headline figures of the reader's units for the latest year with results there
(officials: their top unit, linking to the dashboards; residents: their commune; anonymous
visitors: the province; both linking to the public results). What waits: for officials who
write, the values returned to their unit, the dossiers waiting for their step, dossiers past
their stage's deadline waiting for someone else, and pilot milestones past due.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartrural.accounts.access import is_resident, scope_for_user
from smartrural.accounts.dashboards import top_unit_for_user
from smartrural.core.dates import today
from smartrural.core.home import HomeSection
from smartrural.criteria.models import IndicatorValue, ValueStatus
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.recognition.access import dossiers_for_user
from smartrural.recognition.deadlines import is_overdue
from smartrural.recognition.models import IN_PROGRESS, Dossier, Stage
from smartrural.recognition.permissions import available_actions
from smartrural.recognition.selectors import recognised_levels
from smartrural.transformation.models import PilotMilestone

from .headlines import Headline, headline_summaries, reached
from .results import KpiLine, SetResult, kpi_lines, latest_year_in, own_results, public_province

MAX_ITEMS = 10  # per kind of work; the rest is counted, with a link to its list
# Actions that are no work waiting: a reviewer may always return, the province always revoke.
_NOT_WAITING = frozenset({"return", "revoke"})


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


def _headline_figures(unit: AdministrativeUnit, year: int, user: Any, url: str) -> list[Figure]:
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
    user: Any = request.user
    signed_in = bool(getattr(user, "is_authenticated", False))
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
    reader = user if official else None
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


# -- what waits for the reader ------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    overdue: bool = False


@dataclass(frozen=True)
class TodoGroup:
    title: str
    items: list[Todo]
    more: int  # items left out of the list
    more_url: str


def _group(title: str, items: list[Todo], more_url: str) -> TodoGroup | None:
    if not items:
        return None
    return TodoGroup(title, items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS), more_url)


def returned_values(user: Any) -> list[Todo]:
    """Values the district returned to the reader's own units (one line per unit, set and
    year): the commune corrects them."""
    own = scope_for_user(user).paths
    rows = (
        IndicatorValue.objects.filter(status=ValueStatus.RETURNED, unit__path__in=own)
        .values("unit__code", "unit__name", "unit__path", "criteria_set__code", "year")
        .annotate(n=Count("pk"))
        .order_by("unit__path", "year", "criteria_set__code")
    )
    return [
        Todo(
            ngettext(
                "%(unit)s: %(n)s value of %(year)s returned for correction",
                "%(unit)s: %(n)s values of %(year)s returned for correction",
                row["n"],
            )
            % {"unit": row["unit__name"], "n": row["n"], "year": row["year"]},
            reverse(
                "criteria:entry",
                args=[row["criteria_set__code"], row["year"], row["unit__code"]],
            ),
        )
        for row in rows
    ]


def _dossier_name(dossier: Dossier) -> str:
    return _("%(unit)s — %(level)s %(year)s") % {
        "unit": dossier.unit.name,
        "level": dossier.get_target_level_display(),
        "year": dossier.year,
    }


def dossier_work(user: Any) -> tuple[list[Todo], list[Todo]]:
    """(Dossiers waiting for the reader's step, overdue dossiers in the reader's units that
    wait for someone else), oldest in their stage first."""
    dossiers = (
        dossiers_for_user(user)
        .filter(stage__in=[*IN_PROGRESS, Stage.DECIDED])
        .select_related("unit__parent")
        .order_by("stage_entered_at", "pk")
    )
    mine, elsewhere = [], []
    for dossier in dossiers:
        url = reverse("recognition:dossier-detail", args=[dossier.pk])
        late = is_overdue(dossier)
        steps = [a for a in available_actions(user, dossier) if a.name not in _NOT_WAITING]
        if steps:
            text = _("%(dossier)s: %(step)s") % {
                "dossier": _dossier_name(dossier),
                "step": ", ".join(str(a.label) for a in steps),
            }
            mine.append(Todo(text, url, late))
        elif late:
            text = _("%(dossier)s: overdue at “%(stage)s”") % {
                "dossier": _dossier_name(dossier),
                "stage": dossier.get_stage_display(),
            }
            elsewhere.append(Todo(text, url, True))
    return mine, elsewhere


def overdue_milestones(user: Any) -> list[Todo]:
    """Milestones of pilot plans in the reader's units past their due date, not complete."""
    rows = (
        PilotMilestone.objects.filter(due__lt=today(), progress__lt=100)
        .filter(scope_for_user(user).unit_q("plan__candidate__unit__"))
        .select_related("plan__candidate__unit")
        .order_by("due", "pk")
    )
    return [
        Todo(
            _("%(unit)s: “%(milestone)s” was due on %(date)s (%(progress)s%% done)")
            % {
                "unit": m.plan.candidate.unit.name,
                "milestone": m.title,
                "date": m.due.strftime("%d/%m/%Y"),
                "progress": m.progress,
            },
            reverse("transformation:pilot-candidate-detail", args=[m.plan.candidate_id]),
            True,
        )
        for m in rows
    ]


def todo_groups(user: Any) -> list[TodoGroup]:
    """What waits for an official who writes (viewers and residents act on nothing)."""
    mine, elsewhere = dossier_work(user)
    dossiers_url = reverse("recognition:dossier-list")
    groups = [
        _group(_("Values returned by the district"), returned_values(user), ""),
        _group(_("Dossiers waiting for your step"), mine, dossiers_url),
        _group(_("Overdue dossiers waiting for another level"), elsewhere, dossiers_url),
        _group(
            _("Overdue pilot milestones"),
            overdue_milestones(user),
            reverse("transformation:pilot-list"),
        ),
    ]
    return [g for g in groups if g is not None]


def todo_section(request: HttpRequest) -> HomeSection | None:
    user: Any = request.user
    if not getattr(user, "is_authenticated", False) or not user.can_write:
        return None
    if is_resident(user):
        return None
    return HomeSection("reports/home_todo.html", {"groups": todo_groups(user)})
