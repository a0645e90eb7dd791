"""Gates for feedback: the only way an officer's view or API operation gets a report.

An officer sees a report when its place or its responsible unit is inside their scope (a
commune keeps sight of a report it handed to the province); outside both it is 404. Acting on it
(moving it, replying, moderating) needs a writer whose scope holds its **responsible** unit,
else 403. Residents and the public never come through here: they read the public selectors, or
their own report with its tracking code.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, require_official, require_writer, scope_for_user

from .models import Report

ReportAction = Literal["read", "act"]


def reports_for_user(user: Visitor) -> QuerySet[Report]:
    """Every report ``user`` may read (place or responsible unit in scope)."""
    scope = scope_for_user(user)
    if scope.everything:
        return Report.objects.all()
    if not scope.paths:
        return Report.objects.none()
    return Report.objects.filter(scope.unit_q("place__") | scope.unit_q("responsible_unit__"))


def access_report_for_user(user: Visitor, pk: int, *, action: ReportAction = "read") -> Report:
    require_official(user)
    report = (
        reports_for_user(user)
        .select_related("category", "place", "responsible_unit", "assignee", "commune", "province")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("No report #%(pk)s in your units.") % {"pk": pk})
    if action == "act":
        require_writer(user)
        if not scope_for_user(user).contains(report.responsible_unit):
            raise PermissionDenied(
                _("This report is handled by %(unit)s now; only its officers act on it.")
                % {"unit": report.responsible_unit.name}
            )
    return report
