"""What an officials import reads and reports: a row of the table, a row's error, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartrural.geo.models import AdministrativeUnit

from ...models import Official


@dataclass(frozen=True)
class OfficialRow:
    """One row of an import table; ``row`` is its number in the file (for the report)."""

    row: int
    unit: Any
    full_name: Any
    position: Any
    identifier: Any = ""
    active: Any = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Checked:
    row: int
    unit: AdministrativeUnit
    full_name: str
    position: str
    identifier: str
    active: bool | None
    match: Official | None
