"""What a data value set import reads (``ValueRow``), plans (``ValueSetPlan``) and reports
(``ImportSummary`` with its ``ValueConflict``s)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from smartrural.core.versioning import FieldConflict
from smartrural.geo.models import AdministrativeUnit

from ..models import IndicatorValue


@dataclass(frozen=True)
class ValueConflict:
    indicator: str
    value: str
    message: str
    # A value changed since the writer read it: what is stored now, and its version.
    current: str | None = None
    current_version: int | None = None


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[ValueConflict] = field(default_factory=list)
    # The fields of the values changed since the writer read them (shown with both values).
    edited_meanwhile: list[FieldConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class ValueRow:
    indicator: str
    value: str
    comment: str = ""
    # The version of the stored value the writer read (NOT_STORED: there was none; None: the
    # writer did not say, and the row is written over whatever is stored).
    version: int | None = None


# A stored value as the check phase saw it: pk, value, comment, status.
Snapshot = tuple[int, str, str, str]


def snapshot(value: IndicatorValue | None) -> Snapshot | None:
    if value is None:
        return None
    return (value.pk, value.value, value.comment, value.status)


@dataclass
class ValueSetPlan:
    """A checked data value set of one unit and year: what the write phase will do, and the
    stored values the check saw (``seen``: code -> ``snapshot``)."""

    unit: AdministrativeUnit
    root: int
    year: int
    summary: ImportSummary
    to_create: list[tuple[str, str, Decimal | None, str]] = field(default_factory=list)
    to_update: list[tuple[IndicatorValue, str, Decimal | None, str]] = field(default_factory=list)
    seen: dict[str, Snapshot | None] = field(default_factory=dict)
    sent: dict[str, str] = field(default_factory=dict)
