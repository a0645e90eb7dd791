"""The dashboard's query string: the period (``year``, ``month_from``, ``month_to``) and the
unit (``unit``) asked for."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.accounts.dashboards import access_dashboard_unit, top_unit_for_user
from smartrural.accounts.reference import months_reference
from smartrural.core.dates import Reference
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from ..models import WorkRecordStat
from ..periods import Period


def _month(raw: str, default: int, name: str) -> int:
    raw = raw.strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValidationFailed(
            _("The month must be a number from 1 to 12, not “%(value)s”.") % {"value": raw},
            field=name,
        )
    return int(raw)


def period_from(query: QueryDict, user: Actor) -> Period:
    """The period asked for: ``year`` (default: the year of the latest work records among
    ``user``'s units, by the reference-date rule) and optionally ``month_from`` / ``month_to``."""
    first = _month(query.get("month_from", ""), 1, "month_from")
    last = _month(query.get("month_to", ""), 12, "month_to")
    reference = months_reference(
        user=user,
        asked_year=query.get("year"),
        first=first,
        last=last,
        data=WorkRecordStat.objects.all(),
        field="month",
    )
    return Period(reference.start, reference.end)


def reference_of(period: Period, query: QueryDict) -> Reference:
    """The page's reference (for its header) of a ``period`` read by ``period_from``."""
    asked = bool(query.get("year", "").strip())
    return Reference.for_months(period.year, period.start.month, period.end.month, asked=asked)


def unit_from(query: QueryDict, user: Actor, period: Period) -> AdministrativeUnit | None:
    """The unit asked for (404 outside the scope) or the user's top unit, as of the period's
    reference date."""
    as_of = period.as_of
    code = query.get("unit", "").strip()
    if code:
        return access_dashboard_unit(user, code, as_of=as_of)
    return top_unit_for_user(user, as_of=as_of)
