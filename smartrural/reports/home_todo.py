"""What waits for the reader on the home page (a section registered with ``core.home`` in
``ReportsConfig.ready``): for officials who write, the values returned to their unit, the
dossiers waiting for their step, dossiers past their stage's deadline waiting for someone else,
pilot milestones past due, and residents' reports their units handle that are new or overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartrural.accounts.access import is_resident, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.accounts.models import User
from smartrural.core.dates import today
from smartrural.core.home import HomeSection
from smartrural.criteria.models import IndicatorValue, ValueStatus
from smartrural.feedback.models import Report, Status
from smartrural.feedback.selectors.overdue import overdue_q
from smartrural.recognition.access import dossiers_for_user
from smartrural.recognition.deadlines import is_overdue
from smartrural.recognition.models import IN_PROGRESS, Dossier, Stage
from smartrural.recognition.permissions import available_actions
from smartrural.transformation.models import PilotMilestone

MAX_ITEMS = 10  # per kind of work; the rest is counted, with a link to its list
# Actions that are no work waiting: a reviewer may always return, the province always revoke.
_NOT_WAITING = frozenset({"return", "revoke"})


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


def returned_values(user: Actor) -> list[Todo]:
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


def dossier_work(user: Actor) -> tuple[list[Todo], list[Todo]]:
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


def overdue_milestones(user: Actor) -> list[Todo]:
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


def _report_todo(report: Report, text: str, *, overdue: bool) -> Todo:
    return Todo(
        _("#%(pk)s %(category)s — %(place)s: %(state)s")
        % {
            "pk": report.pk,
            "category": report.category.name,
            "place": report.place.name,
            "state": text,
        },
        reverse("feedback-work:report", args=[report.pk]),
        overdue,
    )


def feedback_work(user: Actor) -> list[TodoGroup]:
    """Residents' reports that units in the reader's scope handle: past their deadline (the
    oldest deadline first), and new ones not yet accepted (the longest waiting first); the first
    ``MAX_ITEMS`` of each listed, the rest counted (two to four queries)."""
    handled = Report.objects.filter(scope_for_user(user).unit_q("responsible_unit__"))
    day = today()
    late = handled.filter(overdue_q(day)).order_by("deadline", "pk")
    new = handled.filter(status=Status.RECEIVED, deadline__gte=day).order_by("submitted_at", "pk")
    queue = reverse("feedback-work:queue")

    def group(
        title: str,
        rows: QuerySet[Report],
        url: str,
        text: Callable[[Report], str],
        *,
        overdue: bool,
    ) -> TodoGroup | None:
        shown = list(rows.select_related("category", "place")[:MAX_ITEMS])
        if not shown:
            return None
        items = [_report_todo(r, text(r), overdue=overdue) for r in shown]
        more = rows.count() - len(shown) if len(shown) == MAX_ITEMS else 0
        return TodoGroup(title, items, more, url)

    groups = [
        group(
            _("Residents' reports past their deadline"),
            late,
            f"{queue}?overdue=on",
            lambda r: _("due on %(day)s") % {"day": r.deadline.strftime("%d/%m/%Y")},
            overdue=True,
        ),
        group(
            _("New residents' reports to accept"),
            new,
            f"{queue}?status={Status.RECEIVED}",
            lambda r: (
                _("received on %(day)s")
                % {"day": timezone.localtime(r.submitted_at).strftime("%d/%m/%Y")}
            ),
            overdue=False,
        ),
    ]
    return [g for g in groups if g is not None]


def todo_groups(user: Actor) -> list[TodoGroup]:
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
    return [g for g in groups if g is not None] + feedback_work(user)


def todo_section(request: HttpRequest) -> HomeSection | None:
    user = request.user
    if not isinstance(user, User) or not user.can_write:
        return None
    if is_resident(user):
        return None
    return HomeSection("reports/home_todo.html", {"groups": todo_groups(user)})
