"""What of a unit its thresholds depend on, and the threshold that applies to it in a year."""

from __future__ import annotations

from dataclasses import dataclass

from .definition import Indicator, Threshold

WARD_KINDS = frozenset({"phuong", "thi_tran"})  # wards and townships


@dataclass(frozen=True)
class UnitFacts:
    """What of a unit the thresholds depend on.

    ``difficult_years``: the first and last year (None: open) in which the unit is an
    especially difficult commune; None when it is not one."""

    kind: str
    region: str
    commune_group: int | None = None
    difficult_years: tuple[int | None, int | None] | None = None

    @property
    def is_ward(self) -> bool:
        return self.kind in WARD_KINDS

    def difficult_in(self, year: int) -> bool:
        """Whether the unit is an especially difficult commune in ``year``."""
        if self.difficult_years is None:
            return False
        first, last = self.difficult_years
        return (first is None or first <= year) and (last is None or year <= last)


def threshold_for_unit(indicator: Indicator, facts: UnitFacts, year: int) -> Threshold | None:
    """The threshold that applies to the unit in ``year`` (see ``Indicator.threshold_for``)."""
    return indicator.threshold_for(
        region=facts.region,
        commune_group=facts.commune_group,
        year=year,
        especially_difficult=facts.difficult_in(year),
    )
