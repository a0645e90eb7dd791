"""The period a KPI report covers: whole months of one year, and the day its units are taken."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.selectors import as_of_for_year


@dataclass(frozen=True)
class Period:
    """Whole months from ``start`` (a first day) to ``end`` (a last day) within one year."""

    start: dt.date
    end: dt.date

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def for_months(cls, year: int, first: int = 1, last: int = 12) -> Period:
        if not (1 <= first <= last <= 12):
            raise ValidationFailed(
                _("The months must run from 1 to 12, the first not after the last."),
                field="months",
            )
        return cls(dt.date(year, first, 1), dt.date(year, last, monthrange(year, last)[1]))

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def months(self) -> list[dt.date]:
        return [dt.date(self.year, m, 1) for m in range(self.start.month, self.end.month + 1)]

    @property
    def whole_year(self) -> bool:
        return (self.start.month, self.end.month) == (1, 12)

    @property
    def as_of(self) -> dt.date:
        """The day the period's units are taken: 1 July for a whole year, else the period's
        last day (months 1–6 of 2025 are Trà Vinh's, months 7–12 Vĩnh Long's); the same as
        ``core.dates.Reference.for_months``."""
        return as_of_for_year(self.year) if self.whole_year else self.end
