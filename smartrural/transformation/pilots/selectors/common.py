"""What the pilot reads share: the first year, the day a year's units are looked up, a share in
percent."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

FIRST_YEAR = 2010


def reference_date(year: int) -> dt.date:
    """The day on which a year's unit codes are looked up (mid-year, as the brief of 3445 asks
    for pilots "in the year"): a unit reorganised during the year is taken as it stood in July."""
    return dt.date(year, 7, 1)


def percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
