"""The Wilson interval against published values (R ``binom::binom.wilson`` / ``prop.test``
without continuity correction, and statsmodels ``proportion_confint(method="wilson")``)."""

from __future__ import annotations

import pytest

from smartrural.surveys.stats import wilson


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 100, 0.7222, 0.8749),
        (1, 10, 0.0179, 0.4042),
        (5, 10, 0.2366, 0.7634),
        (0, 1, 0.0, 0.7935),
    ],
)
def test_it_matches_published_values_to_four_decimals(
    successes: int, total: int, low: float, high: float
) -> None:
    interval = wilson(successes, total)
    assert round(interval.low or 0, 4) == low
    assert round(interval.high or 0, 4) == high
    assert interval.share == successes / total


def test_nothing_counted_has_no_share_and_no_interval() -> None:
    interval = wilson(0, 0)
    assert (interval.share, interval.low, interval.high) == (None, None, None)


def test_the_interval_holds_the_share_and_stays_within_0_and_1() -> None:
    for total in (1, 2, 7, 50, 1000):
        for successes in range(0, total + 1, max(1, total // 7)):
            interval = wilson(successes, total)
            assert interval.low is not None and interval.high is not None
            assert 0 <= interval.low <= successes / total <= interval.high <= 1


@pytest.mark.parametrize(("successes", "total"), [(-1, 10), (11, 10), (0, -1)])
def test_impossible_counts_are_refused(successes: int, total: int) -> None:
    with pytest.raises(ValueError):
        wilson(successes, total)
