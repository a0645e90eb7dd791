"""Work records handled in SmartRural itself: one per dossier for its unit (registration), its
district (inspection) and its province (appraisal), by month in Viet Nam's time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smartrural.core.platform_work import platform_work_counters
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.tests.factories import stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Dossier, DossierTransition
from smartrural.testing import Personas
from smartrural.transformation.work_records.platform import platform_counts

UTC = dt.UTC
START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)


def _dossier(
    unit: AdministrativeUnit, moves: list[tuple[str, dt.datetime]], *, level: str = "ntm"
) -> Dossier:
    """A dossier of ``unit`` with its transitions ``(to_stage, at)`` (at in UTC)."""
    criteria_set = CriteriaSet.objects.filter(code="T-XA").first() or stored_set()
    dossier = Dossier.objects.create(
        unit=unit,
        target_level=level,
        criteria_set=criteria_set,
        year=2023,
        stage=moves[-1][0],
        stage_entered_at=moves[-1][1],
    )
    previous = ""
    for stage, at in moves:
        transition = DossierTransition.objects.create(
            dossier=dossier, from_stage=previous, to_stage=stage
        )
        # ``at`` is set on creation (auto_now_add): the test's own time is written after.
        DossierTransition.objects.filter(pk=transition.pk).update(at=at)
        previous = stage
    return dossier


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def m(month: int, year: int = 2023) -> dt.date:
    return dt.date(year, month, 1)


@pytest.mark.django_db
class PlatformCountTests:
    def test_a_commune_dossier_counts_for_the_commune_its_district_and_the_province(
        self, personas: Personas
    ) -> None:
        p = personas
        _dossier(
            p.commune_a_unit,
            [
                ("registered", utc(2023, 3, 10, 2)),
                ("self_assessed", utc(2023, 4, 1, 2)),
                ("submitted", utc(2023, 4, 20, 2)),
                ("inspected", utc(2023, 5, 31, 18)),  # 01:00 on 1 June in Viet Nam
                ("appraised", utc(2023, 7, 2, 2)),
            ],
        )
        assert platform_counts(start=START, end=END) == {
            (p.commune_a_unit.pk, m(3)): 1,
            (p.district_unit.pk, m(6)): 1,
            (p.province_unit.pk, m(7)): 1,
        }

    def test_the_month_is_the_one_of_viet_nam_time(self, personas: Personas) -> None:
        p = personas
        _dossier(p.commune_a_unit, [("registered", utc(2023, 5, 31, 16, 59))])  # 23:59 local
        _dossier(p.commune_b_unit, [("registered", utc(2023, 5, 31, 17, 0))])  # 00:00 local
        assert platform_counts(start=START, end=END) == {
            (p.commune_a_unit.pk, m(5)): 1,
            (p.commune_b_unit.pk, m(6)): 1,
        }

    def test_a_district_dossier_counts_for_the_district_and_the_province_only(
        self, personas: Personas
    ) -> None:
        p = personas
        _dossier(
            p.district_unit,
            [("registered", utc(2023, 2, 1, 3)), ("appraised", utc(2023, 9, 1, 3))],
            level="district_ntm",
        )
        assert platform_counts(start=START, end=END) == {
            (p.district_unit.pk, m(2)): 1,
            (p.province_unit.pk, m(9)): 1,
        }

    def test_counts_add_up_per_unit_and_month(self, personas: Personas) -> None:
        p = personas
        for unit in (p.commune_a_unit, p.commune_b_unit):
            _dossier(unit, [("registered", utc(2023, 3, 1, 3)), ("inspected", utc(2023, 4, 1, 3))])
        _dossier(
            p.other_commune_unit,
            [("registered", utc(2023, 3, 2, 3)), ("inspected", utc(2023, 4, 2, 3))],
        )
        counts = platform_counts(start=START, end=END)
        assert counts[(p.district_unit.pk, m(4))] == 2
        assert counts[(p.other_district_unit.pk, m(4))] == 1
        assert sum(n for (unit_id, _m), n in counts.items() if _m == m(3)) == 3

    def test_only_the_first_move_to_a_stage_counts(self, personas: Personas) -> None:
        p = personas
        _dossier(
            p.commune_a_unit,
            [
                ("registered", utc(2023, 1, 5, 3)),
                ("inspected", utc(2023, 2, 5, 3)),
                ("returned", utc(2023, 3, 5, 3)),
                ("inspected", utc(2023, 4, 5, 3)),
            ],
        )
        counts = platform_counts(start=START, end=END)
        assert counts == {(p.commune_a_unit.pk, m(1)): 1, (p.district_unit.pk, m(2)): 1}

    def test_whole_months_between_start_and_end_are_counted(self, personas: Personas) -> None:
        p = personas
        _dossier(
            p.commune_a_unit,
            [
                ("registered", utc(2022, 12, 20, 3)),  # before the period: not counted
                ("inspected", utc(2023, 6, 1, 3)),
                ("appraised", utc(2023, 8, 31, 3)),  # after the period
            ],
        )
        # Any day of a month stands for the whole month.
        counts = platform_counts(start=dt.date(2023, 6, 30), end=dt.date(2023, 7, 1))
        assert counts == {(p.district_unit.pk, m(6)): 1}
        assert platform_counts(start=dt.date(2023, 9, 1), end=dt.date(2023, 12, 1)) == {}
        assert platform_counts(start=dt.date(2023, 7, 1), end=dt.date(2023, 6, 1)) == {}
        assert platform_counts(start=dt.date(2022, 12, 31), end=dt.date(2022, 12, 31)) == {
            (p.commune_a_unit.pk, m(12, 2022)): 1
        }

    def test_it_keeps_only_the_units_asked_for(self, personas: Personas) -> None:
        p = personas
        _dossier(
            p.commune_a_unit,
            [("registered", utc(2023, 3, 1, 3)), ("inspected", utc(2023, 4, 1, 3))],
        )
        assert platform_counts(start=START, end=END, unit_ids=[p.district_unit.pk]) == {
            (p.district_unit.pk, m(4)): 1
        }
        assert platform_counts(start=START, end=END, unit_ids=[]) == {}

    def test_it_reads_many_dossiers_in_one_query_per_source(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        p = personas
        for year in range(2015, 2024):
            for unit in (p.commune_a_unit, p.commune_b_unit, p.other_commune_unit):
                dossier = _dossier(
                    unit,
                    [
                        ("registered", utc(year, 3, 1, 3)),
                        ("inspected", utc(year, 4, 1, 3)),
                        ("appraised", utc(year, 5, 1, 3)),
                    ],
                )
                Dossier.objects.filter(pk=dossier.pk).update(year=year)
        # One query for the dossiers, one per source registered by the apps above.
        sources = 1 + len(platform_work_counters())
        with django_assert_max_num_queries(sources):
            counts = platform_counts(start=dt.date(2015, 1, 1), end=dt.date(2023, 12, 1))
        assert counts[(p.province_unit.pk, m(5))] == 3
        assert sum(counts.values()) == 9 * 3 * 3

    def test_nothing_is_counted_without_dossiers(self, db: None) -> None:
        assert platform_counts(start=START, end=END) == {}
