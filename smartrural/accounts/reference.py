"""The one reference-date rule: which period a page, an export or an API default shows.

A page opens on the latest period that has data in the reader's scope, never after today; with
no data, on the current period. The period also fixes the date the unit tree is taken at
(``Reference.as_of``): 1 July of a year, the last day of a month range, or the day asked. A
period the reader asked for is kept as asked (``Reference.asked``).

"Data" is the queryset of the records the page shows and the field that dates them:

- ``"year"``: an integer year (indicator values, dossiers, targets);
- ``"date"``: a day (a work-record month, a training's date, an activity's date);
- ``"until"``: the last day a record holds (an expression such as the end of an offering or of
  its unit's validity): its latest value is the latest day with data, and for a yearly page the
  last year whose 1 July that day reached.

The latest period is one aggregate query over the records in the reader's scope (``unit_field``
names the unit a record hangs off; ``""`` when the records are units; None for data that is the
same for everyone, such as the province's targets), so a reader of another unit never moves it.

``note_reference`` keeps the result on the request: the page header then names the province as it
was on that date and says which date the units are taken at (``core.context_processors``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import DateField, Expression, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Least
from django.http import HttpRequest

from smartrural.core.context_processors import REFERENCE_ATTRIBUTE
from smartrural.core.dates import Reference, parse_date, parse_year, today, year_of_units
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from .access import Visitor, scope_for_user

DataField = Literal["year", "date", "until"]


def held_until(*fields: str) -> Expression:
    """The last day a record holds, not after today: the earliest of ``fields`` (end dates, an
    empty one open) and today. For ``dated_by="until"``; filter out records that start after
    today yourself."""
    now = Value(today(), output_field=DateField())
    return Least(*(Coalesce(F(name), now, output_field=DateField()) for name in fields), now)


def latest_with_data(
    *,
    user: Visitor | None,
    data: QuerySet[Any],
    field: str | Expression,
    dated_by: DataField,
    unit_field: str | None = "unit",
) -> dt.date | None:
    """The last day (not after today) on which ``data`` in ``user``'s scope has a record; a
    ``"year"`` field gives 31 December of its latest year. One aggregate query."""
    now = today()
    value = F(field) if isinstance(field, str) else field
    rows = data.order_by().annotate(period_value=value)
    if unit_field is not None:
        prefix = f"{unit_field}__" if unit_field else ""
        rows = rows.filter(scope_for_user(user).unit_q(prefix))
    if dated_by == "year":
        latest = rows.filter(period_value__lte=now.year).aggregate(latest=Max("period_value"))[
            "latest"
        ]
        return None if latest is None else min(dt.date(int(latest), 12, 31), now)
    latest = rows.filter(period_value__lte=now).aggregate(latest=Max("period_value"))["latest"]
    if isinstance(latest, dt.datetime):
        latest = latest.date()
    return latest


def _latest_year(latest: dt.date | None, dated_by: DataField) -> int | None:
    """The year of the latest day with data. A record held until a past day counts in the last
    year whose 1 July it saw; one still held today counts in the current year (its 1 July is
    this year's, whether or not it has come yet)."""
    if latest is None:
        return None
    if dated_by == "until" and latest < today():
        return year_of_units(latest)
    return latest.year


def year_reference(
    *,
    user: Visitor | None,
    asked: Any,
    data: QuerySet[Any],
    field: str | Expression,
    dated_by: DataField = "year",
    unit_field: str | None = "unit",
) -> Reference:
    """A yearly page: the year ``asked`` (text from the query string, checked by
    ``core.dates.parse_year``: a ``ValidationFailed`` for a malformed one), else the latest year
    with data in ``user``'s scope, else the current year."""
    year = parse_year(asked)
    if year is not None:
        return Reference.for_year(year, asked=True)
    latest = latest_with_data(
        user=user, data=data, field=field, dated_by=dated_by, unit_field=unit_field
    )
    found = _latest_year(latest, dated_by)
    return Reference.for_year(found if found is not None else today().year, asked=False)


def months_reference(
    *,
    user: Visitor | None,
    asked_year: Any,
    first: int,
    last: int,
    data: QuerySet[Any],
    field: str | Expression,
    dated_by: DataField = "date",
    unit_field: str | None = "unit",
) -> Reference:
    """A page of months ``first``–``last`` of a year (the year as ``year_reference`` picks it);
    all twelve months are the year itself."""
    year = year_reference(
        user=user,
        asked=asked_year,
        data=data,
        field=field,
        dated_by=dated_by,
        unit_field=unit_field,
    )
    return Reference.for_months(year.year, first, last, asked=year.asked)


def day_reference(
    *,
    user: Visitor | None,
    asked: Any,
    data: QuerySet[Any],
    field: str | Expression,
    dated_by: DataField = "until",
    unit_field: str | None = "unit",
) -> Reference:
    """A page of one day: the day ``asked`` (YYYY-MM-DD or dd/mm/yyyy, or a date), else the
    latest day with data in ``user``'s scope, else today."""
    if isinstance(asked, dt.date):
        return Reference.for_day(asked, asked=True)
    text = "" if asked is None else str(asked).strip()
    if text:
        return Reference.for_day(parse_date(text, field="as_of"), asked=True)
    latest = latest_with_data(
        user=user, data=data, field=field, dated_by=dated_by, unit_field=unit_field
    )
    return Reference.for_day(latest or today(), asked=False)


def note_reference(request: HttpRequest, reference: Reference) -> Reference:
    """Keep ``reference`` on the request for the page header (province of that date, the units'
    date); returns it for chaining."""
    setattr(request, REFERENCE_ATTRIBUTE, reference)
    return reference


def note_year(request: HttpRequest, year: int) -> None:
    """A page of one record of ``year`` (a dossier, a pilot): its units are taken on 1 July."""
    note_reference(request, Reference.for_year(year, asked=True))


def noted_reference(request: HttpRequest) -> Reference | None:
    return getattr(request, REFERENCE_ATTRIBUTE, None)


def units_day_reference(*, user: Visitor | None, asked: Any) -> Reference:
    """The day of the unit browser, unit pages and the units API: the day asked, else the last
    day (not after today) on which some unit is valid. Units are open data: no scope."""
    started = AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today())
    )
    return day_reference(
        user=user, asked=asked, data=started, field=held_until("valid_to"), unit_field=None
    )


def page_year(
    request: HttpRequest,
    *,
    data: QuerySet[Any],
    field: str | Expression,
    dated_by: DataField = "year",
    unit_field: str | None = "unit",
    param: str = "year",
) -> Reference:
    """``year_reference`` for a page, noted on the request. A malformed year opens the default
    one (the page's filter form shows what was wrong with it)."""

    def rule(asked: Any) -> Reference:
        return year_reference(
            user=request.user,
            asked=asked,
            data=data,
            field=field,
            dated_by=dated_by,
            unit_field=unit_field,
        )

    try:
        reference = rule(request.GET.get(param))
    except ValidationFailed:
        reference = rule(None)
    return note_reference(request, reference)
