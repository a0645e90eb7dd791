"""Demo units: hamlets for every 2023 commune and their copies under the 2025 successors, and
the QĐ 51 commune groups of the successors.

Hamlets are written by the geo importer (``import_unit_rows``, ``import_succession_rows``: the
same code as ``smartrural units_import``), flagged ``is_demo``; commune groups by
``geo.services.unit_update`` as the province office would correct a unit.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from smartrural.geo.importer import (
    SUCCESSION_COLUMNS,
    UNIT_COLUMNS,
    ImportResult,
    import_succession_rows,
    import_unit_rows,
)
from smartrural.geo.models import AdministrativeUnit, Kind, Level, Succession
from smartrural.geo.reference import REORGANISATION
from smartrural.geo.services import unit_update

from .datafiles import read_yaml

OLD_PROVINCE = "84"


def _strip_prefix(name: str) -> str:
    for prefix in ("Thị trấn ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _hamlet_rows(
    commune: AdministrativeUnit, rng: random.Random, spec: dict[str, Any]
) -> list[dict[str, str]]:
    count = rng.randint(spec["per_commune"]["min"], spec["per_commune"]["max"])
    urban = commune.kind == Kind.WARD
    names = (
        [f"Khóm {i}" for i in range(1, count + 1)]
        if urban
        else rng.sample(list(spec["names"]), count)
    )
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
def generate_demo_hamlets(*, seed: int | None = None) -> dict[str, ImportResult]:
    """Deterministic demo hamlets (``is_demo``) for every 2023 commune of the reference data,
    and their copies under each 2025 successor with an ``unchanged`` hamlet succession.

    Needs the reference units first. Running it again with the same seed changes nothing (a
    hamlet already stored stays as it is, even renamed since).
    """
    spec = read_yaml("units.yaml")["hamlets"]
    seed = spec["seed"] if seed is None else seed
    communes_2023 = list(
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, valid_to__lt=REORGANISATION, parent__parent__code=OLD_PROVINCE
        ).order_by("code", "valid_from")
    )
    rows: list[dict[str, str]] = []
    by_commune: dict[int, list[dict[str, str]]] = {}
    for commune in communes_2023:
        rng = random.Random(f"{seed}-{commune.code}")
        by_commune[commune.pk] = _hamlet_rows(commune, rng, spec)
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


def commune_groups() -> dict[str, int]:
    """Successor unit code -> its demo QĐ 51 commune group (1, 2 or 3)."""
    spec = read_yaml("units.yaml")["commune_groups"]
    successors = AdministrativeUnit.objects.valid_on(REORGANISATION).filter(level=Level.COMMUNE)
    groups = dict.fromkeys(successors.values_list("code", flat=True), 2)
    for group in (1, 3):
        for code in spec[f"group_{group}"]:
            groups[str(code)] = group
    return groups


def set_commune_groups(on: dt.date) -> None:
    """The province office gives every successor unit its commune group (valid ``on``)."""
    groups = commune_groups()
    for unit in AdministrativeUnit.objects.valid_on(on).filter(
        code__in=groups, level=Level.COMMUNE
    ):
        if unit.commune_group != groups[unit.code]:
            unit_update(unit=unit, commune_group=groups[unit.code])
