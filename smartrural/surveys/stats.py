"""The 95% confidence interval of a share: the Wilson score interval.

Why Wilson and not ``p ± 1.96·√(p(1−p)/n)`` (the Wald interval): a hamlet of 20 households with
20 satisfied would show 100% ± 0, and 0 of 3 a negative lower bound; Wilson stays within 0–100%
and keeps its coverage near 95% for the small counts a hamlet gives (Brown, Cai & DasGupta,
*Interval Estimation for a Binomial Proportion*, Statistical Science 16(2), 2001).

Written here rather than taken from scipy or statsmodels: it is one closed formula, and those
packages (tens of megabytes of compiled code) would be a dependency for it alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The 97.5th percentile of the standard normal distribution: a two-sided 95% interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A share and its interval, each as a fraction from 0 to 1 (None when nothing counted)."""

    successes: int
    total: int
    share: float | None
    low: float | None
    high: float | None


def wilson(successes: int, total: int, *, z: float = Z95) -> Interval:
    """The Wilson score interval of ``successes`` out of ``total``.

    ``total`` 0: nothing is known, share and bounds are None. Otherwise
    centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n),
    clamped to [0, 1] against rounding."""
    if successes < 0 or total < 0 or successes > total:
        raise ValueError(f"{successes} successes out of {total}")
    if total == 0:
        return Interval(0, 0, None, None, None)
    n = float(total)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return Interval(successes, total, p, low, high)
