"""Demo feedback (``data/feedback.yaml``, planned by ``feedback_plan``): residents' reports in
today's communes from 12/2025 to 11/2026 and in three 2023 communes in the spring of 2023.

Each report is filed with ``report_submit`` at its day and hour (from the web form, or entered
by its commune's officer for a call, a Zalo message or a meeting), then moved on its days by the
officer of its responsible unit **as it is then** (``report_accept``, ``report_assign``,
``report_start``, ``report_resolve``, ``report_refuse``). Every day of a period the periodic
jobs' services run as the worker would (``report_escalate_overdue``: overdue reports go to the
level above, where the province office or the district resolves them late;
``report_close_resolved``: resolved reports close after the reopening period).

Reporters who left a phone rate some resolutions (``report_rate``) and reopen a few
(``report_reopen``; the commune resolves them again); the commune's officer hides one report from
the public and redacts another's wording the day after they came in (``report_set_hidden``,
``report_redact_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smartrural.accounts.models import User
from smartrural.feedback.models import Category, Channel, Refusal, Report
from smartrural.feedback.services import (
    Contact,
    report_accept,
    report_assign,
    report_rate,
    report_redact_text,
    report_refuse,
    report_reopen,
    report_resolve,
    report_set_hidden,
    report_start,
    report_submit,
)
from smartrural.feedback.services.deadlines import (
    report_close_resolved,
    report_escalate_overdue,
    reports_rehome,
)

from .accounts import Actors
from .clock import at, moment
from .datafiles import day, read_yaml
from .feedback_plan import Planned, Step, plan_period
from .story import Event

JOBS_HOUR = 6


class FeedbackStory:
    def __init__(self, actors: Actors) -> None:
        self.actors = actors
        self.spec = read_yaml("feedback.yaml")
        self.categories: dict[str, Category] = {}

    def story(self) -> list[Event]:
        out: list[Event] = []
        for period in self.spec["periods"]:
            first, last = day(period["first"]), day(period["last"])
            out += self._jobs(first, last)
            for plan in plan_period(period):
                out.append((plan.submitted, "feedback report", self._filer(plan)))
                for step in plan.steps:
                    out.append((step.day, f"feedback {step.move}", self._mover(plan, step)))
        return out

    def _jobs(self, first: dt.date, last: dt.date) -> list[Event]:
        def run(on: dt.date) -> Callable[[], None]:
            def jobs() -> None:
                with at(on, hour=JOBS_HOUR):
                    reports_rehome(today=on)
                    report_escalate_overdue(today=on)
                    report_close_resolved(today=on)

            return jobs

        days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        return [(on, "feedback jobs", run(on)) for on in days]

    def _category(self, code: str) -> Category:
        if code not in self.categories:
            self.categories[code] = Category.objects.get(code=code)
        return self.categories[code]

    def _filer(self, plan: Planned) -> Callable[[], None]:
        def run() -> None:
            commune = plan.hamlet.parent or plan.hamlet
            officer = None if plan.channel == Channel.WEB else self.actors.enterer(commune)
            reporter = self.actors(plan.reporter) if plan.reporter else None
            with at(moment(plan.submitted, plan.hour)):
                filed = report_submit(
                    category=self._category(plan.category),
                    description=plan.description,
                    place=plan.hamlet,
                    channel=plan.channel,
                    contact=Contact(name=plan.name, phone=plan.phone, hide_name=plan.hide_name),
                    answers=plan.answers,
                    reporter=reporter,
                    by=officer,
                )
            plan.pk = filed.report.pk

        return run

    def _mover(self, plan: Planned, step: Step) -> Callable[[], None]:
        def run() -> None:
            assert plan.pk is not None, "a move planned before its report was filed"
            report = Report.objects.select_related("responsible_unit").get(pk=plan.pk)
            officer = self.actors.enterer(report.responsible_unit)
            with at(moment(step.day, step.hour)):
                self._move(report, plan, step.move, officer)

        return run

    def _move(self, report: Report, plan: Planned, move: str, officer: User) -> None:
        texts = self.spec
        version = report.version
        if move == "accept":
            report_accept(
                report=report,
                version=version,
                public_text=_pick(texts["accept_replies"], plan),
                by=officer,
            )
        elif move == "assign":
            report_assign(report=report, version=version, assignee=officer, by=officer)
        elif move == "start":
            report_start(
                report=report,
                version=version,
                public_text=_pick(texts["start_replies"], plan),
                by=officer,
            )
        elif move == "resolve":
            report_resolve(report=report, version=version, public_text=plan.reply, by=officer)
        elif move == "refuse":
            self._refuse(report, plan, officer)
        elif move == "rate":
            report_rate(report=report, rating=plan.rating, comment=plan.rating_comment)
        elif move == "reopen":
            report_reopen(report=report, reason=plan.reopen_reason)
        elif move == "hide":
            reason = plan.moderation["reason"]
            report_set_hidden(
                report=report, version=version, hidden=True, reason=reason, by=officer
            )
        elif move == "redact":
            report_redact_text(
                report=report,
                version=version,
                public_description=plan.moderation["text"],
                reason=plan.moderation["reason"],
                by=officer,
            )

    def _refuse(self, report: Report, plan: Planned, officer: User) -> None:
        refusal = plan.refusal
        earlier = (
            Report.objects.filter(
                commune=report.commune, category=report.category, pk__lt=report.pk
            )
            .order_by("-pk")
            .first()
        )
        if refusal == Refusal.DUPLICATE and earlier is None:
            refusal = Refusal.NOT_COMPETENT
        words = self.spec["refusals"][refusal]
        report_refuse(
            report=report,
            version=report.version,
            refusal=refusal,
            public_text=words["public"],
            refer_to=words.get("refer_to", ""),
            duplicate_of=earlier if refusal == Refusal.DUPLICATE else None,
            by=officer,
        )


def _pick(texts: list[str], plan: Planned) -> str:
    return texts[(plan.pk or 0) % len(texts)]


def events(actors: Actors) -> list[Event]:
    return FeedbackStory(actors).story()
