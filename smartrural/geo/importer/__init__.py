"""All-or-nothing imports of administrative units and successions from CSV.

Every row is checked before anything is written; any problem aborts the whole import and is
reported with its row number (row 1 is the header, row 2 the first data row). A row identical to
a unit (or succession) already stored is skipped and counted as unchanged, so re-importing the
same file is harmless.
"""

from __future__ import annotations

from .common import (
    SUCCESSION_COLUMNS,
    UNIT_COLUMNS,
    ImportFailed,
    ImportResult,
    RowError,
    parse_date,
    read_csv,
)
from .successions import import_succession_rows, import_successions
from .units import import_unit_rows, import_units

__all__ = [
    "SUCCESSION_COLUMNS",
    "UNIT_COLUMNS",
    "ImportFailed",
    "ImportResult",
    "RowError",
    "import_succession_rows",
    "import_successions",
    "import_unit_rows",
    "import_units",
    "parse_date",
    "read_csv",
]
