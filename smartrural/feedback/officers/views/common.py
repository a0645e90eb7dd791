"""What the officers' pages share: the HTTP methods, the breadcrumbs, and the gate that
fetches a report (``feedback.access``: 404 outside the officer's units, 403 to act without
being an officer of its responsible unit)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import ActorRequest

from ...access import ReportAction, access_report_for_user
from ...models import Report

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


def queue_crumb() -> tuple[str, str]:
    return reverse("feedback-work:queue"), _("Feedback")


def report_url(report: Report) -> str:
    return reverse("feedback-work:report", args=[report.pk])


def get_report(request: ActorRequest, pk: int, *, action: ReportAction = "read") -> Report:
    return access_report_for_user(request.user, pk, action=action)


def may_act(request: ActorRequest, report: Report) -> bool:
    user = request.user
    return bool(getattr(user, "can_write", False)) and scope_for_user(user).contains(
        report.responsible_unit
    )
