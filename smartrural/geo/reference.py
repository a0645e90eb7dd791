"""Reference administrative units shipped with SmartRural (demo hamlets: ``smartrural.demo``).

``data/tra-vinh-2023.csv``: Trà Vinh as in 2023 (province 84, 9 district-level units, 106
communes), valid until 30/06/2025 (Phường 2 and Phường 6 of the city until 31/12/2024).
``data/vinh-long-2025.csv``: the new Vĩnh Long (86) and the 41 communes that replaced Trà Vinh's
104 on 01/07/2025; ``data/vinh-long-2025-successions.csv``: which old unit went into which.
Everything here is idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from .importer import ImportResult, import_successions, import_units

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_2023 = DATA_DIR / "tra-vinh-2023.csv"
UNITS_2025 = DATA_DIR / "vinh-long-2025.csv"
SUCCESSIONS_2025 = DATA_DIR / "vinh-long-2025-successions.csv"
REORGANISATION = dt.date(2025, 7, 1)


def load_reference_units() -> dict[str, ImportResult]:
    """Load the 2023 units, the 2025 units and the 2025 successions (idempotent: a unit already
    stored stays as it is, even renamed or otherwise corrected since)."""
    with transaction.atomic():
        return {
            "units_2023": import_units(UNITS_2023, keep_existing=True),
            "units_2025": import_units(UNITS_2025, keep_existing=True),
            "successions_2025": import_successions(SUCCESSIONS_2025),
        }
