"""Working days in Viet Nam: Monday to Friday, except public holidays.

Holidays come from the ``holidays`` library (``VN``: Tết Dương lịch, the five days of Tết
Nguyên đán counted on the lunar calendar, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh and the
government's announced substitute days off), kept up to date by its maintainers rather than by
us. Weekends moved to working days by a government announcement are not in the library and are
treated as days off: a deadline may then fall one day later than the strict legal count, never
earlier.

A deadline of *n* working days from a day counts the working days after it: a report received
on Friday with a deadline of 1 working day is due the next Monday (if Monday is not a holiday).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_SATURDAY = 5
# Beyond this many days the search gives up: no run of days off in Viet Nam comes close.
_MAX_SCAN_DAYS = 366 * 3


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on ``day`` (in Vietnamese), or None."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < _SATURDAY and day not in _holidays_of(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted);
    ``days == 0`` is ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, left = start, days
    for _ in range(_MAX_SCAN_DAYS + days * 2):
        if left == 0:
            return day
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    raise ValueError("no working day found")  # pragma: no cover - the calendar never does this


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
