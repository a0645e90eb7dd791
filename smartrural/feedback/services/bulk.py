"""The queue's bulk action: many reports given to one officer at once, all or nothing.

Each report goes through ``report_assign`` (its version, its status, its events); the first
refusal does not stop the check of the others, so the officer reads one message per report
refused, and then nothing of the batch is kept (the transaction rolls back).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import DomainError, ValidationFailed

from ..models import Report
from .moves import report_assign


class BatchRefused(ValidationFailed):
    """One message per refused report; nothing of the batch was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems), field="reports")
        self.problems = problems


def may_be_given(assignee: Actor, report: Report) -> bool:
    return bool(getattr(assignee, "can_write", False)) and scope_for_user(assignee).contains(
        report.responsible_unit
    )


@transaction.atomic
def reports_assign(
    *, reports: Sequence[tuple[Report, int | None]], assignee: Actor, by: Actor
) -> list[Report]:
    """Give every report (with the version the officer saw) to ``assignee``, or none of them."""
    if not reports:
        raise ValidationFailed(_("Tick the reports to assign."), field="reports")
    done: list[Report] = []
    problems: list[str] = []
    mine = scope_for_user(by)
    for report, version in reports:
        if not mine.contains(report.responsible_unit):
            problems.append(
                _("#%(pk)s: handled by %(unit)s, not by your units.")
                % {"pk": report.pk, "unit": report.responsible_unit.name}
            )
            continue
        if not may_be_given(assignee, report):
            problems.append(
                _("#%(pk)s: %(name)s is not an officer of %(unit)s.")
                % {
                    "pk": report.pk,
                    "name": assignee.get_full_name() or assignee.get_username(),
                    "unit": report.responsible_unit.name,
                }
            )
            continue
        try:
            done.append(report_assign(report=report, version=version, assignee=assignee, by=by))
        except DomainError as exc:
            problems.append(_("#%(pk)s: %(why)s") % {"pk": report.pk, "why": exc.message})
    if problems:
        raise BatchRefused(problems)
    return done
