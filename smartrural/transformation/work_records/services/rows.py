"""The rows of a work record import and what comes back: checked rows, conflicts, the summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from smartrural.core.versioning import FieldConflict
from smartrural.geo.models import AdministrativeUnit


@dataclass(frozen=True)
class RowConflict:
    row: int
    unit: str
    message: str
    # A figure changed since the writer read it: its fields stored now and sent.
    fields: list[FieldConflict] = field(default_factory=list)
    current_version: int | None = None


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    conflicts: list[RowConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class WorkRecordRow:
    unit: str
    month: str
    total: Any
    online: Any
    # The version of the stored figure the writer read (NOT_STORED: none; None: not checked).
    version: int | None = None


@dataclass(frozen=True)
class CheckedWorkRecord:
    row: int
    unit: AdministrativeUnit
    month: dt.date
    total: int
    online: int
