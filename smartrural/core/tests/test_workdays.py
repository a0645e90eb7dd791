"""Working days in Viet Nam: weekends and public holidays (Tết on the lunar calendar) skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

D = dt.date


class WorkdayTests:
    def test_weekends_are_not_working_days(self) -> None:
        assert is_working_day(D(2026, 12, 4))  # Friday
        assert not is_working_day(D(2026, 12, 5))
        assert not is_working_day(D(2026, 12, 6))

    def test_tet_2026_is_five_days_off(self) -> None:
        # Tết Bính Ngọ: 16/02/2026 (New Year's Eve) to 20/02/2026.
        off = [D(2026, 2, d) for d in range(16, 21)]
        assert all(not is_working_day(day) for day in off)
        assert holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
        assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 23))

    def test_a_deadline_across_tet_skips_it(self) -> None:
        # Received on Friday 13/02/2026: the week of Tết and the weekends are skipped, so the
        # first working day after it is Monday 23/02 and the fifth is Friday 27/02.
        assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
        assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)

    def test_a_deadline_across_tet_2023(self) -> None:
        # Tết Quý Mão: 20/01 to 26/01/2023; received Thursday 19/01/2023.
        assert add_working_days(D(2023, 1, 19), 1) == D(2023, 1, 27)

    def test_national_day_and_its_adjacent_day(self) -> None:
        assert not is_working_day(D(2026, 9, 1)) and not is_working_day(D(2026, 9, 2))
        assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)  # 31/08 substituted off

    def test_zero_days_is_the_day_itself_and_negative_is_refused(self) -> None:
        assert add_working_days(D(2026, 12, 5), 0) == D(2026, 12, 5)
        with pytest.raises(ValueError):
            add_working_days(D(2026, 12, 5), -1)

    def test_between_counts_after_start_up_to_end(self) -> None:
        assert working_days_between(D(2026, 12, 4), D(2026, 12, 7)) == 1  # Mon only
        assert working_days_between(D(2026, 12, 7), D(2026, 12, 7)) == 0
        assert working_days_between(D(2026, 12, 8), D(2026, 12, 7)) == 0
        assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5
