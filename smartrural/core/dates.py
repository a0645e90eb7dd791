"""Dates as the province sees them: "today" in Asia/Ho_Chi_Minh, "as of" and year parameters,
and the period a page shows (``Reference``).

The rule that picks a page's default period lives in ``smartrural.accounts.reference`` (it needs
the reader's scope); the pure date arithmetic it uses is here.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ValidationFailed

MIN_YEAR, MAX_YEAR = 2000, 2100
# The day of a year on which its units are taken: a unit created or dissolved during the year
# counts in the year it existed on that day (the 2025 reorganisation took effect on 1 July).
MID_YEAR = (7, 1)

PeriodKind = Literal["year", "months", "day"]


def today() -> dt.date:
    return timezone.localdate()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the current time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def parse_as_of(value: str | None) -> dt.date:
    """Parse an ``as_of`` parameter (YYYY-MM-DD or dd/mm/yyyy); empty means today."""
    if value is None or value.strip() == "":
        return today()
    return parse_date(value, field="as_of")


def parse_date(value: str, *, field: str) -> dt.date:
    """A date typed as YYYY-MM-DD or dd/mm/yyyy."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(
        _("“%(value)s” is not a valid date; use YYYY-MM-DD or dd/mm/yyyy.") % {"value": text},
        field=field,
    )


def parse_year(value: Any, *, field: str = "year") -> int | None:
    """A year parameter: None when empty; a whole number from 2000 to 2100 otherwise (the one
    place years are read from text)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        year = int(text)
    except ValueError:
        raise ValidationFailed(
            _("The year must be a number, not “%(value)s”.") % {"value": text}, field=field
        ) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            _("The year must be between %(min)s and %(max)s, not %(value)s.")
            % {"min": MIN_YEAR, "max": MAX_YEAR, "value": year},
            field=field,
        )
    return year


def mid_year(year: int) -> dt.date:
    """The day a year's units are read on: 1 July."""
    return dt.date(year, *MID_YEAR)


def year_of_units(day: dt.date) -> int:
    """The last year whose units (taken on 1 July) were read on or before ``day``."""
    return day.year if day >= mid_year(day.year) else day.year - 1


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Reference:
    """The period a page shows and the date its unit tree is taken at.

    ``start``–``end``: the period (a whole year, whole months of one year, or one day);
    ``as_of``: the units' date (1 July for a whole year, the last day of a month range, the day
    itself); ``asked``: whether the reader chose the period (False: the default rule did).
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date
    as_of: dt.date
    asked: bool

    @property
    def year(self) -> int:
        return self.start.year

    @classmethod
    def for_year(cls, year: int, *, asked: bool) -> Reference:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31), mid_year(year), asked)

    @classmethod
    def for_months(cls, year: int, first: int, last: int, *, asked: bool) -> Reference:
        """Months ``first``–``last`` of ``year``; all twelve is the year itself."""
        if (first, last) == (1, 12):
            return cls.for_year(year, asked=asked)
        if not 1 <= first <= last <= 12:
            raise ValidationFailed(
                _("The months must run from 1 to 12, the first not after the last."),
                field="months",
            )
        end = month_end(dt.date(year, last, 1))
        return cls("months", dt.date(year, first, 1), end, end, asked)

    @classmethod
    def for_day(cls, day: dt.date, *, asked: bool) -> Reference:
        return cls("day", day, day, day, asked)
