"""Reference administrative units shipped with SmartRural, and generated demo hamlets.

``data/tra-vinh-2023.csv``: Trà Vinh as in 2023 (province 84, 9 district-level units, 106
communes), valid until 30/06/2025 (Phường 2 and Phường 6 of the city until 31/12/2024).
``data/vinh-long-2025.csv``: the new Vĩnh Long (86) and the 41 communes that replaced Trà Vinh's
104 on 01/07/2025; ``data/vinh-long-2025-successions.csv``: which old unit went into which.
Everything here is idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.db import transaction

from .importer import (
    SUCCESSION_COLUMNS,
    UNIT_COLUMNS,
    ImportResult,
    import_succession_rows,
    import_successions,
    import_unit_rows,
    import_units,
)
from .models import AdministrativeUnit, Kind, Level, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_2023 = DATA_DIR / "tra-vinh-2023.csv"
UNITS_2025 = DATA_DIR / "vinh-long-2025.csv"
SUCCESSIONS_2025 = DATA_DIR / "vinh-long-2025-successions.csv"
REORGANISATION = dt.date(2025, 7, 1)

# Hamlet names as they are common in Trà Vinh (many Khmer-origin names).
HAMLET_NAMES = (
    "Ấp Chợ",
    "Ấp Giồng Lớn",
    "Ấp Trà Sất",
    "Ấp Bến Có",
    "Ấp Chông Bát",
    "Ấp Sóc Chuối",
    "Ấp Cây Da",
    "Ấp Đầu Giồng",
    "Ấp Xoài Lơ",
    "Ấp Ba Cụm",
    "Ấp Phú Thọ",
    "Ấp Tân Lập",
    "Ấp Mé Rạch",
    "Ấp Bà Giam",
    "Ấp Giồng Cao",
    "Ấp Nô Công",
    "Ấp Trà Kha",
    "Ấp Ô Rồm",
    "Ấp Rạch Bót",
    "Ấp Cà Hom",
    "Ấp Long Bình",
    "Ấp Sóc Tro",
    "Ấp Đại Thôn",
    "Ấp Vàm Buôn",
)


def load_reference_units() -> dict[str, ImportResult]:
    """Load the 2023 units, the 2025 units and the 2025 successions (idempotent: a unit already
    stored stays as it is, even renamed or otherwise corrected since)."""
    with transaction.atomic():
        return {
            "units_2023": import_units(UNITS_2023, keep_existing=True),
            "units_2025": import_units(UNITS_2025, keep_existing=True),
            "successions_2025": import_successions(SUCCESSIONS_2025),
        }


def _strip_prefix(name: str) -> str:
    for prefix in ("Thị trấn ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _hamlet_rows(commune: AdministrativeUnit, rng: random.Random) -> list[dict[str, str]]:
    count = rng.randint(3, 9)
    urban = commune.kind == Kind.WARD
    names = [f"Khóm {i}" for i in range(1, count + 1)] if urban else rng.sample(HAMLET_NAMES, count)
    return [
        {
            "level": Level.HAMLET,
            "code": f"{commune.code}{i:02d}",
            "name": name,
            "kind": Kind.URBAN_HAMLET if urban else Kind.HAMLET,
            "parent_code": commune.code,
            "valid_from": commune.valid_from.isoformat() if commune.valid_from else "",
            "valid_to": commune.valid_to.isoformat() if commune.valid_to else "",
            "region": commune.region,
            "commune_group": "",
        }
        for i, name in enumerate(names, start=1)
    ]


@transaction.atomic
def generate_demo_hamlets(*, seed: int = 2023) -> dict[str, ImportResult]:
    """Deterministic demo hamlets (``is_demo``) for every 2023 commune of the reference data,
    and their copies under each 2025 successor with an ``unchanged`` hamlet succession.

    Needs ``load_reference_units()`` first. Running it again with the same seed changes nothing
    (a hamlet already stored stays as it is, even renamed since).
    """
    communes_2023 = list(
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, valid_to__lt=REORGANISATION, parent__parent__code="84"
        ).order_by("code", "valid_from")
    )
    rows: list[dict[str, str]] = []
    by_commune: dict[int, list[dict[str, str]]] = {}
    for commune in communes_2023:
        rng = random.Random(f"{seed}-{commune.code}")
        by_commune[commune.pk] = _hamlet_rows(commune, rng)
        rows.extend(by_commune[commune.pk])
    successions = (
        Succession.objects.filter(
            effective_date=REORGANISATION,
            predecessor__level=Level.COMMUNE,
            predecessor_id__in=by_commune,
        )
        .select_related("predecessor", "successor")
        .order_by("successor__code", "predecessor__code")
    )
    links: list[dict[str, str]] = []
    next_number: dict[int, int] = {}
    used_names: dict[int, set[str]] = {}
    for link in successions:
        new = link.successor
        names = used_names.setdefault(new.pk, set())
        for old in by_commune[link.predecessor_id]:
            number = next_number.get(new.pk, 0) + 1
            next_number[new.pk] = number
            name = old["name"]
            if new.kind == Kind.WARD:
                name = f"Khóm {number}"
            elif name in names:
                name = f"{name} ({_strip_prefix(link.predecessor.name)})"
            names.add(name)
            code = f"{new.code}{number:02d}"
            rows.append(
                {
                    **old,
                    "code": code,
                    "name": name,
                    "parent_code": new.code,
                    "valid_from": REORGANISATION.isoformat(),
                    "valid_to": new.valid_to.isoformat() if new.valid_to else "",
                }
            )
            links.append(
                {
                    "predecessor_code": old["code"],
                    "successor_code": code,
                    "effective_date": REORGANISATION.isoformat(),
                    "kind": "unchanged",
                    "legal_basis": link.legal_basis,
                    "note": "",
                }
            )
    return {
        "hamlets": import_unit_rows(list(UNIT_COLUMNS), rows, is_demo=True, keep_existing=True),
        "hamlet_successions": import_succession_rows(list(SUCCESSION_COLUMNS), links),
    }
