"""The demo officials and trainings of Trà Vinh 2023: the figures the dashboard shows, computed
by the KPI's rule, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from smartrural.geo.reference import load_reference_units
from smartrural.transformation.models import Official, TrainingEvent, TrainingParticipant
from smartrural.transformation.officials.demo import load_demo
from smartrural.transformation.officials.selectors import trained_q

YEAR = trained_q(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))


def counts() -> tuple[int, int, int, int]:
    return (
        Official.objects.count(),
        TrainingEvent.objects.count(),
        TrainingParticipant.objects.count(),
        Official.history.count(),
    )


def share(level: str) -> tuple[int, int]:
    active = Official.objects.filter(unit__level=level, active=True)
    return active.filter(YEAR).count(), active.count()


@pytest.mark.django_db
class DemoTests:
    @pytest.fixture(autouse=True)
    def _demo(self) -> None:
        load_reference_units()
        load_demo()

    def test_it_creates_the_officials_of_every_unit(self) -> None:
        per_level = dict(
            Official.objects.values("unit__level")
            .annotate(n=Count("pk"))
            .values_list("unit__level", "n")
        )
        assert per_level == {"province": 12, "district": 72, "commune": 530}
        assert Official.objects.filter(active=False).count() == 11
        positions = set(Official.objects.values_list("position", flat=True))
        assert {"Phó Chủ tịch UBND xã", "Cán bộ Văn phòng Điều phối NTM huyện"} <= positions
        assert "Công chức Văn phòng – Thống kê" in positions

    def test_the_trained_shares_meet_the_province_target_and_miss_the_commune_one(
        self,
    ) -> None:
        assert share("province") == (6, 12)
        trained, active = share("district")
        assert (trained, active) == (26, 70)
        assert 0.35 <= trained / active <= 0.40
        trained, active = share("commune")
        assert 0.22 <= trained / active <= 0.28
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
        events = TrainingEvent.objects.all()
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

    def test_a_second_run_adds_nothing(self) -> None:
        first = counts()
        load_demo()
        assert counts() == first
