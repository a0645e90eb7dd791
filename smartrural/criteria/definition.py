"""The in-memory shape of a criteria set version, as the evaluation engine reads it.

A set file (YAML, see docs/criteria-sets.md) is parsed and validated into these frozen
dataclasses by ``smartrural.criteria.setfile``; a stored ``CriteriaSetVersion`` keeps the
validated data as JSON and ``definition_from_json`` turns it back into them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Value types of an indicator.
PASS_FAIL = "pass_fail"  # noqa: S105 - "Đạt" / "Không đạt", not a password
PERCENT = "percent"
NUMBER = "number"  # a number with a unit of measure (million VND/person/year, ...)
COUNT = "count"
CHOICE = "choice"
VALUE_TYPES = (PASS_FAIL, PERCENT, NUMBER, COUNT, CHOICE)

COMPARATORS = (">=", ">", "<=", "<", "==", "in")

# Where a threshold (or an indicator) comes from: DOMAIN.md's [C], [S] and [U].
CONFIRMED = "confirmed"
SECONDARY = "secondary"
UNCONFIRMED = "unconfirmed"
PROVENANCES = (CONFIRMED, SECONDARY, UNCONFIRMED)

# Levels a set can award, in ascending order.
LEVELS = ("ntm", "advanced", "model")
DISTRICT_LEVELS = ("district_ntm", "district_advanced")
# QĐ 320 and QĐ 18/2022: a thị xã or a thành phố thuộc tỉnh that meets the district set has
# "completed the task of building new rural areas"; it is never a "huyện nông thôn mới".
TOWN_COMPLETED = "town_completed"
TOWN_KINDS = frozenset({"thi_xa", "tp_tinh"})

# What a criterion of a set is: one of the set's criteria (counted in "9/9 tiêu chí"), or a
# group of recognition conditions checked beside them (QĐ 320: all communes NTM, ≥ 10%
# advanced, townships civilised, satisfaction) that the level needs but the tally leaves out.
CRITERION = "criterion"
CONDITION = "condition"
CRITERION_KINDS = (CRITERION, CONDITION)

# QĐ 318: especially difficult communes use the thresholds of the northern midlands and
# mountains (geo ``Region.NORTHERN_MOUNTAINS``) whatever their own region.
NORTHERN_MOUNTAINS = "tdmnpb"


def level_for_kind(awards: str, kind: str) -> str:
    """The level a unit of ``kind`` reaches by meeting a set that ``awards`` a level: a town or
    provincial city meeting the district set completes the NTM task (``TOWN_COMPLETED``)."""
    if awards == "district_ntm" and kind in TOWN_KINDS:
        return TOWN_COMPLETED
    return awards


@dataclass(frozen=True)
class Threshold:
    """A threshold value and the case it applies to (any selector left None matches all)."""

    value: Decimal | str | tuple[str, ...]
    region: str | None = None
    commune_group: int | None = None
    year: int | None = None
    provenance: str = CONFIRMED
    source: str = ""
    # A provincial placeholder for an unconfirmed national value: editable, never "official".
    placeholder: bool = False

    def matches(self, *, region: str, commune_group: int | None, year: int) -> bool:
        return (
            (self.region is None or self.region == region)
            and (self.commune_group is None or self.commune_group == commune_group)
            and (self.year is None or self.year == year)
        )

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.region, self.commune_group, self.year))


@dataclass(frozen=True)
class Indicator:
    code: str  # "3.1"
    name: str
    value_type: str
    comparator: str
    thresholds: tuple[Threshold, ...]
    unit: str = ""  # unit of measure shown beside the value ("%", "triệu đồng/người/năm")
    choices: tuple[str, ...] = ()
    applies_to_wards: bool = True
    provenance: str = CONFIRMED
    source: str = ""
    # Named figure the platform computes instead of asking for it (e.g. the share of a
    # district's communes recognised NTM); empty: entered by the unit.
    derived: str = ""

    def threshold_for(
        self,
        *,
        region: str,
        commune_group: int | None,
        year: int,
        especially_difficult: bool = False,
    ) -> Threshold | None:
        """The most specific threshold matching the unit's region, group and the year.

        ``especially_difficult``: the unit is an especially difficult commune that year; where
        the indicator has a threshold of the northern midlands and mountains for its group and
        year, that one applies whatever the unit's region (QĐ 318)."""
        if especially_difficult and region != NORTHERN_MOUNTAINS:
            northern = [
                t
                for t in self.thresholds
                if t.region == NORTHERN_MOUNTAINS
                and t.matches(region=NORTHERN_MOUNTAINS, commune_group=commune_group, year=year)
            ]
            if northern:
                return max(northern, key=lambda t: t.specificity)
        candidates = [
            t
            for t in self.thresholds
            if t.matches(region=region, commune_group=commune_group, year=year)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda t: t.specificity)


@dataclass(frozen=True)
class Criterion:
    number: int
    name: str
    group: str
    indicators: tuple[Indicator, ...]
    # None: every applicable indicator must be met; otherwise at least this many.
    min_met: int | None = None
    kind: str = CRITERION  # CRITERION, or CONDITION: checked apart, not counted as a criterion

    @property
    def is_condition(self) -> bool:
        return self.kind == CONDITION


@dataclass(frozen=True)
class SetDefinition:
    code: str
    name: str
    legal_basis: str
    legal_date: dt.date | None
    unit_level: str  # "commune" | "district"
    valid_from_year: int
    valid_to_year: int
    awards: str  # the level reached when every criterion is met ("ntm", "advanced", ...)
    requires: str | None  # code of the set whose level must be reached first, if any
    criteria: tuple[Criterion, ...]
    base: str | None = None  # for a provincial variant: the national set it derives from
    # For a variant: the number of the base set's version it was resolved against.
    base_version: int | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def indicators(self) -> dict[str, Indicator]:
        return {i.code: i for c in self.criteria for i in c.indicators}
