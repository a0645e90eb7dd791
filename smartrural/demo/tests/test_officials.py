"""The demo officials and trainings of Trà Vinh 2023: the figures the dashboard shows, computed
by the KPI's rule, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from smartrural.transformation.models import Official, TrainingEvent, TrainingParticipant
from smartrural.transformation.officials.selectors import trained_q

YEAR = trained_q(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
OLD = {"unit__valid_to__lte": dt.date(2025, 6, 30)}  # the units of Trà Vinh before 07/2025


def counts() -> tuple[int, int, int, int]:
    return (
        Official.objects.count(),
        TrainingEvent.objects.count(),
        TrainingParticipant.objects.count(),
        Official.history.count(),
    )


def share(level: str) -> tuple[int, int]:
    active = Official.objects.filter(unit__level=level, active=True, **OLD)
    return active.filter(YEAR).count(), active.count()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_db")
class DemoTests:
    def test_it_creates_the_officials_of_every_unit(self) -> None:
        per_level = dict(
            Official.objects.filter(**OLD)
            .values("unit__level")
            .annotate(n=Count("pk"))
            .values_list("unit__level", "n")
        )
        assert per_level == {"province": 12, "district": 72, "commune": 530}
        assert Official.objects.filter(active=False, **OLD).count() == 11
        positions = set(Official.objects.filter(**OLD).values_list("position", flat=True))
        assert {"Phó Chủ tịch UBND xã", "Cán bộ Văn phòng Điều phối NTM huyện"} <= positions
        assert "Công chức Văn phòng – Thống kê" in positions

    def test_the_trained_shares_meet_the_province_target_and_miss_the_commune_one(
        self,
    ) -> None:
        assert share("province") == (6, 12)
        trained, active = share("district")
        assert (trained, active) == (26, 70)
        assert 0.35 <= trained / active <= 0.40
        assert round(100 * trained / active, 2) == 37.14
        trained, active = share("commune")
        assert round(100 * trained / active, 2) == 24.57
        below = [
            code
            for code, n, t in Official.objects.filter(unit__level="district", active=True)
            .values("unit__code")
            .annotate(n=Count("pk"), t=Count("pk", filter=YEAR))
            .values_list("unit__code", "n", "t")
            if t / n < 0.35
        ]
        assert sorted(below) == ["845", "848", "850"]

    def test_events_of_2023_mostly_dt_some_online_some_with_residents(self) -> None:
        events = TrainingEvent.objects.filter(date__year=2023)
        assert events.count() == 12
        assert {e.date.year for e in events} == {2023}
        assert events.filter(digital_transformation=False).count() == 2
        assert events.filter(format="online").count() == 2
        assert events.filter(residents__gt=0).count() == 3
        assert {e.unit.level for e in events} == {"province", "district", "commune"}
        # An inactive official attended: present in the data, not in the KPI.
        assert TrainingParticipant.objects.filter(
            official__active=False, attendance="attended"
        ).exists()

    def test_the_successor_units_have_officials_and_trainings_since_07_2025(self) -> None:
        today = Official.objects.filter(unit__valid_to__isnull=True)
        per_level = dict(
            today.values("unit__level").annotate(n=Count("pk")).values_list("unit__level", "n")
        )
        assert per_level == {"province": 9, "commune": 41 * 7}
        assert today.filter(unit__code="29461", position="Chủ tịch UBND xã").exists()
        later = TrainingEvent.objects.filter(date__gte=dt.date(2025, 7, 1))
        assert later.filter(date__year=2026).count() >= 3
        assert TrainingParticipant.objects.filter(
            event__in=later, official__unit__valid_to__isnull=True, attendance="attended"
        ).exists()
