"""The date helpers of the reference-date rule: the one year parser, the units' day of a year,
periods of a year, of months and of a day."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.core.dates import Reference, parse_as_of, parse_year, year_of_units
from smartrural.core.errors import ValidationFailed
from smartrural.testing import Clock

D = dt.date


class ParseYearTests:
    @pytest.mark.parametrize("text", ["2000", " 2023 ", "2100", 2026])
    def test_it_reads_a_year_from_2000_to_2100(self, text: object) -> None:
        assert parse_year(text) == int(str(text).strip())

    @pytest.mark.parametrize("text", [None, "", "  "])
    def test_an_empty_year_is_none(self, text: str | None) -> None:
        assert parse_year(text) is None

    @pytest.mark.parametrize("text", ["1999", "2101", "99999"])
    def test_a_year_out_of_bounds_is_refused_with_the_bounds(self, text: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            parse_year(text)
        assert caught.value.field == "year"
        assert "2000" in caught.value.message and "2100" in caught.value.message

    @pytest.mark.parametrize("text", ["abc", "2023.5", "20 23"])
    def test_a_year_that_is_not_a_number_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            parse_year(text, field="period")
        assert caught.value.field == "period"
        assert text in caught.value.message


class UnitsDayTests:
    def test_the_units_of_a_year_are_those_of_1_july(self) -> None:
        assert Reference.for_year(2025, asked=False).as_of == D(2025, 7, 1)

    def test_a_day_before_1_july_belongs_to_the_year_before(self) -> None:
        assert year_of_units(D(2025, 6, 30)) == 2024
        assert year_of_units(D(2025, 7, 1)) == 2025
        assert year_of_units(D(2023, 12, 31)) == 2023

    def test_as_of_defaults_to_today(self, clock: Clock) -> None:
        clock.set(D(2026, 12, 2))
        assert parse_as_of("") == D(2026, 12, 2)
        assert parse_as_of("01/07/2025") == D(2025, 7, 1)


class PeriodTests:
    def test_a_range_of_months_takes_its_units_on_its_last_day(self) -> None:
        first_half = Reference.for_months(2025, 1, 6, asked=True)
        assert (first_half.start, first_half.end, first_half.as_of) == (
            D(2025, 1, 1),
            D(2025, 6, 30),
            D(2025, 6, 30),
        )
        assert Reference.for_months(2024, 2, 2, asked=True).as_of == D(2024, 2, 29)

    def test_all_twelve_months_are_the_year(self) -> None:
        assert Reference.for_months(2025, 1, 12, asked=False) == Reference.for_year(
            2025, asked=False
        )

    @pytest.mark.parametrize(("first", "last"), [(0, 5), (7, 6), (1, 13)])
    def test_months_out_of_order_are_refused(self, first: int, last: int) -> None:
        with pytest.raises(ValidationFailed):
            Reference.for_months(2025, first, last, asked=True)

    def test_a_day_is_its_own_units_day(self) -> None:
        day = Reference.for_day(D(2025, 6, 30), asked=True)
        assert (day.kind, day.year, day.as_of) == ("day", 2025, D(2025, 6, 30))
