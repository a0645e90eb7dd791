"""The reference-date rule itself: the latest period with data in the reader's scope (not after
today), else the current one; what the reader asked is kept; the units' day of each period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import RequestFactory

from smartrural.accounts.reference import (
    held_until,
    latest_with_data,
    months_reference,
    page_year,
    units_day_reference,
    year_reference,
)
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.testing import IN_2023, TODAY, Clock, Personas
from smartrural.transformation.models import WorkRecordStat
from smartrural.transformation.work_records.services import work_record_submit

D = dt.date


def records(user: Any, *, asked: Any = None) -> Any:
    return year_reference(
        user=user, asked=asked, data=WorkRecordStat.objects.all(), field="month", dated_by="date"
    )


@pytest.fixture
def figures(personas: Personas, clock: Clock) -> Personas:
    """Ngãi Xuyên has figures of 05/2023, Kim Sơn of 03/2024 (entered on those days)."""
    for unit, month in [
        (personas.commune_a_unit, D(2023, 5, 1)),
        (personas.commune_b_unit, D(2024, 3, 1)),
    ]:
        clock.set(month + dt.timedelta(days=40))
        work_record_submit(unit=unit, month=month, total=10, online=5, by=personas.province)
    clock.set(TODAY)
    return personas


class LatestPeriodTests:
    def test_it_is_the_latest_year_with_data_in_the_readers_scope(self, figures: Personas):
        assert records(figures.commune_a).year == 2023
        assert records(figures.commune_b).year == 2024
        assert records(figures.district).year == 2024
        assert records(figures.province).year == 2024

    def test_a_reader_of_another_unit_does_not_move_it(self, figures: Personas):
        # Kim Sơn's 2024 figures are not Ngãi Xuyên's, nor Càng Long's
        assert records(figures.commune_a).year == 2023
        assert records(figures.other_district).year == 2026

    def test_without_data_it_is_the_current_year(self, figures: Personas, clock: Clock):
        found = records(figures.other_district)
        assert (found.year, found.asked, found.as_of) == (2026, False, D(2026, 7, 1))
        clock.set(IN_2023)
        assert records(figures.other_district).year == 2023

    def test_data_after_today_does_not_count(self, figures: Personas, clock: Clock):
        clock.set(D(2023, 12, 31))  # the 2024 figures are not there yet on that day
        assert records(figures.province).year == 2023
        assert records(figures.commune_b).year == 2023  # none: the current year

    def test_the_year_asked_is_kept(self, figures: Personas):
        found = records(figures.commune_a, asked=" 2021 ")
        assert (found.year, found.asked, found.as_of) == (2021, True, D(2021, 7, 1))

    def test_a_malformed_year_is_refused(self, figures: Personas):
        with pytest.raises(ValidationFailed):
            records(figures.commune_a, asked="2O23")

    def test_a_page_opens_the_default_year_on_a_malformed_one(self, figures: Personas):
        request = RequestFactory().get("/", {"year": "abc"})
        request.user = figures.commune_b
        stats = WorkRecordStat.objects.all()
        found = page_year(request, data=stats, field="month", dated_by="date")
        assert (found.year, found.asked) == (2024, False)
        assert request.smartrural_reference.year == 2024  # type: ignore[attr-defined]

    def test_it_costs_one_query(self, figures: Personas, django_assert_num_queries: Any):
        figures.district.refresh_from_db()  # no cached scope: that is one more query
        records(figures.district)
        with django_assert_num_queries(1):
            records(figures.district)

    def test_a_range_of_months_of_the_latest_year(self, figures: Personas):
        first_half = months_reference(
            user=figures.province,
            asked_year=None,
            first=1,
            last=6,
            data=WorkRecordStat.objects.all(),
            field="month",
        )
        assert (first_half.start, first_half.end, first_half.as_of) == (
            D(2024, 1, 1),
            D(2024, 6, 30),
            D(2024, 6, 30),
        )


@pytest.mark.django_db
class BoundaryTests:
    def test_data_dated_exactly_31_december_belongs_to_that_year(self, clock: Clock):
        clock.set(TODAY)
        for code, end in [("90", D(2023, 12, 31)), ("91", D(2022, 6, 30))]:
            unit_create(
                code=code,
                name=f"Tỉnh {code}",
                kind="tinh",
                level="province",
                parent=None,
                valid_to=end,
            )
        everyone = AdministrativeUnit.objects.all()
        latest = latest_with_data(
            user=None, data=everyone, field="valid_to", dated_by="date", unit_field=None
        )
        assert latest == D(2023, 12, 31)
        found = year_reference(
            user=None, asked=None, data=everyone, field="valid_to", dated_by="date", unit_field=None
        )
        assert found.year == 2023

    def test_a_unit_valid_until_30_june_2025_saw_1_july_2024_last(self, personas: Personas):
        units = AdministrativeUnit.objects.filter(code="29479")
        found = year_reference(
            user=None,
            asked=None,
            data=units,
            field=held_until("valid_to"),
            dated_by="until",
            unit_field=None,
        )
        assert found.year == 2024

    def test_asked_on_1_july_2025_the_last_day_with_units_is_30_june(
        self, personas: Personas, clock: Clock
    ):
        clock.set(D(2025, 7, 1))
        day = units_day_reference(user=None, asked=None)
        assert (day.as_of, day.asked) == (D(2025, 6, 30), False)
        clock.set(D(2025, 6, 30))
        assert units_day_reference(user=None, asked=None).as_of == D(2025, 6, 30)

    def test_a_unit_valid_until_1_july_2025_counts_in_2025(self, personas: Personas):
        late = unit_create(
            code="92",
            name="Tỉnh Thử",
            kind="tinh",
            level="province",
            parent=None,
            valid_to=D(2025, 7, 1),
        )
        units = AdministrativeUnit.objects.filter(pk=late.pk)
        found = year_reference(
            user=None,
            asked=None,
            data=units,
            field=held_until("valid_to"),
            dated_by="until",
            unit_field=None,
        )
        assert found.year == 2025

    def test_a_record_still_held_today_counts_in_the_current_year(
        self, personas: Personas, clock: Clock
    ):
        # On 01/06/2023 the Trà Vinh units are valid and 1 July 2023 has not come yet: the
        # units' year is still 2023 (not 2022, which would miss records begun this year).
        clock.set(IN_2023)
        units = AdministrativeUnit.objects.filter(code="29479")
        found = year_reference(
            user=None,
            asked=None,
            data=units,
            field=held_until("valid_to"),
            dated_by="until",
            unit_field=None,
        )
        assert (found.year, found.as_of) == (2023, D(2023, 7, 1))
