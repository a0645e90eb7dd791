"""What an officials import reads and reports: a row of the table, a row's error, the result."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class _Checked:
    row: int
    unit: AdministrativeUnit
    full_name: str
    position: str
    identifier: str
    active: bool | None
    match: Official | None
