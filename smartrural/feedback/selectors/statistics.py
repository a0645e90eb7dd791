"""The officers' figures per unit, category and period: received, resolved, resolved on time
(the local day of ``resolved_at`` on or before the deadline), the median days to resolve, the
average rating, and what is open and overdue now. One row per category, then the total; four
queries whatever the number of reports.

- received: reports submitted in the period;
- resolved, on time, median, rating: reports whose (last) resolution falls in the period;
- open, overdue: now, whatever the period.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartrural.accounts.access import Visitor
from smartrural.core.dates import today

from ..models import OPEN_STATUSES, Category, Report
from .queue import overdue_q, queue_base


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date

    def q(self, field_name: str) -> Q:
        start = timezone.make_aware(dt.datetime.combine(self.since, dt.time.min))
        end = timezone.make_aware(
            dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min)
        )
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


@dataclass
class Figures:
    label: str
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    open_now: int = 0
    overdue_now: int = 0
    days: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.resolved, 1) if self.resolved else None

    @property
    def median_days(self) -> float | None:
        return round(stats.median(self.days), 1) if self.days else None

    @property
    def average_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None

    def add(self, other: Figures) -> None:
        self.received += other.received
        self.resolved += other.resolved
        self.on_time += other.on_time
        self.open_now += other.open_now
        self.overdue_now += other.overdue_now
        self.days += other.days
        self.ratings += other.ratings


@dataclass(frozen=True)
class Statistics:
    period: Period
    rows: list[Figures]
    total: Figures


def _reports(user: Visitor, unit_id: int | None, category_id: int | None) -> QuerySet[Report]:
    reports = queue_base(user)
    if unit_id is not None:
        reports = reports.filter(responsible_unit_id=unit_id)
    if category_id is not None:
        reports = reports.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    return reports


def feedback_statistics(
    user: Visitor, *, period: Period, unit_id: int | None = None, category_id: int | None = None
) -> Statistics:
    reports = _reports(user, unit_id, category_id)
    by_category: dict[int, Figures] = defaultdict(lambda: Figures(label=""))
    received = (
        reports.filter(period.q("submitted_at")).values("category_id").annotate(n=Count("pk"))
    )
    for row in received:
        by_category[row["category_id"]].received = row["n"]
    resolved = reports.filter(period.q("resolved_at")).values_list(
        "category_id", "submitted_at", "resolved_at", "deadline", "rating"
    )
    for category_id_, submitted_at, resolved_at, deadline, rating in resolved:
        assert resolved_at is not None  # filtered on it
        figures = by_category[category_id_]
        figures.resolved += 1
        figures.on_time += timezone.localdate(resolved_at) <= deadline
        figures.days.append((resolved_at - submitted_at).total_seconds() / 86400)
        if rating is not None:
            figures.ratings.append(rating)
    now = (
        reports.values("category_id")
        .annotate(
            open_now=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue_now=Count("pk", filter=overdue_q(today())),
        )
        .filter(Q(open_now__gt=0))
    )
    for row in now:
        by_category[row["category_id"]].open_now = row["open_now"]
        by_category[row["category_id"]].overdue_now = row["overdue_now"]
    names = dict(Category.objects.filter(pk__in=list(by_category)).values_list("pk", "name"))
    rows = []
    total = Figures(label="")
    for pk, figures in sorted(by_category.items(), key=lambda item: names.get(item[0], "")):
        figures.label = names.get(pk, "")
        rows.append(figures)
        total.add(figures)
    return Statistics(period=period, rows=rows, total=total)
