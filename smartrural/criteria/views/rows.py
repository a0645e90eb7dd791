"""The rows of the entry page: per indicator and per criterion, what to show of a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..definition import CONFIRMED, Indicator, Threshold

# The explanations' own renderings of a threshold and a comparator, so the page and the
# explanation never write the same threshold two ways.
from ..display import threshold_display, value_display
from ..explain import OP_MET
from ..models import IndicatorValue, ValueStatus
from ..provenance import threshold_origin, threshold_scope
from ..results import IndicatorResult
from ..status import MET, MISSING, NOT_APPLICABLE, NOT_MET


@dataclass
class IndicatorRow:
    indicator: Indicator
    result: IndicatorResult
    stored: IndicatorValue | None
    slug: str
    threshold: Threshold | None
    error: str = ""
    provincial: bool = False  # the threshold is the province's own (a variant's)
    value_field: Any = None  # bound form fields, None when the value cannot be edited
    comment_field: Any = None
    version_field: Any = None
    field_id: str = ""  # what a link to the value field points at

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def explanation(self) -> str:
        return self.result.explanation()

    @property
    def met(self) -> bool | None:
        return self.result.met

    @property
    def outcome(self) -> str:
        """ "met", "not_met", "missing" (no data: not the same as not met) or "" (nothing to
        judge: the indicator does not apply)."""
        if self.result.status == MET:
            return "met"
        if self.result.status == MISSING:
            return "missing"
        return "not_met" if self.result.status == NOT_MET or self.met is False else ""

    @property
    def shown_value(self) -> str:
        """The stored value as a reader expects it ("87,5%", "Đạt"); "—" for none."""
        return value_display(self.indicator, self.stored.value if self.stored else None)

    @property
    def origin(self) -> str:
        """Where the threshold comes from, as one badge (``explain.threshold_origin``)."""
        if self.threshold is None:
            return ""
        return threshold_origin(self.threshold, provincial=self.provincial)

    @property
    def origin_confirmed(self) -> bool:
        return self.threshold is not None and self.threshold.provenance == CONFIRMED

    @property
    def narrow_scope(self) -> str:
        """The region, commune group or year the threshold is limited to ("" when none)."""
        t = self.threshold
        return threshold_scope(t) if t is not None and t.specificity else ""

    @property
    def threshold_text(self) -> str:
        t = self.threshold
        if t is None:
            return _("No threshold applies to this unit and year.")
        op = OP_MET.get(self.indicator.comparator, self.indicator.comparator)
        return f"{op} {threshold_display(self.indicator, t)}"

    @property
    def status_label(self) -> str:
        return str(ValueStatus(self.stored.status).label) if self.stored else _("Not entered")

    @property
    def locked(self) -> bool:
        return self.stored is not None and self.stored.status == ValueStatus.LOCKED


@dataclass
class CriterionRow:
    number: int
    name: str
    met: bool
    min_met: int | None
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def applicable(self) -> list[IndicatorRow]:
        return [r for r in self.indicators if r.result.status != NOT_APPLICABLE]

    @property
    def missing(self) -> int:
        """How many of its indicators have no data."""
        return sum(r.result.status == MISSING for r in self.applicable)

    @property
    def status(self) -> str:
        """ "met", "no_data" (none of its indicators entered: not judged) or "not_met"."""
        if self.met:
            return "met"
        applicable = self.applicable
        if applicable and self.missing == len(applicable):
            return "no_data"
        return "not_met"


@dataclass(frozen=True)
class Overall:
    """The criteria of a unit's evaluation by status, for the line above the criteria."""

    met: int
    not_met: int
    no_data: int
    total: int


def overall(rows: list[CriterionRow]) -> Overall:
    statuses = [c.status for c in rows]
    return Overall(
        met=statuses.count("met"),
        not_met=statuses.count("not_met"),
        no_data=statuses.count("no_data"),
        total=len(statuses),
    )
