"""A deterministic national-size tree of administrative units, with the 2025 mergers.

Before 01/07/2025: 63 provinces, 705 districts, 10,600 communes, 80,000 hamlets (valid from
01/01/2008 to 30/06/2025). From 01/07/2025: each province gets a new row, its communes are merged
about three to one into new commune rows directly under it (districts abolished), every hamlet
gets a new row under its new commune, and ``Succession`` rows record old -> new.

Rows are written with ``bulk_create`` and explicit ids, so ``path`` (``path_segment`` of each
row id from the root, as ``smartrural.geo.services.unit_create`` computes it) and
``search_name`` (``fold(name)``) are filled in before the insert.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from smartrural.core.text import fold
from smartrural.geo.models import (
    AdministrativeUnit,
    Kind,
    Level,
    Region,
    Succession,
    SuccessionKind,
    path_segment,
)

PROVINCES = 63
DISTRICTS = 705
COMMUNES = 10_600
HAMLETS = 80_000
OLD_FROM = dt.date(2008, 1, 1)
OLD_TO = dt.date(2025, 6, 30)
NEW_FROM = dt.date(2025, 7, 1)
SEED = 20250701
BATCH = 5000

_SYLLABLES = (
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Long",
    "Tân",
    "Thạnh",
    "Mỹ",
    "Đông",
    "Tây",
    "Phước",
    "Hưng",
    "Lộc",
    "Thuận",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Hiệp",
    "Ngãi",
    "Xuyên",
    "Cầu",
    "Kè",
    "Trà",
    "Cú",
    "Tiểu",
    "Cần",
    "Đức",
    "Nghĩa",
    "Lợi",
    "Hải",
    "Sơn",
    "Thủy",
    "Quang",
    "Minh",
    "Thái",
    "Hậu",
    "Giang",
)


@dataclass
class Nation:
    """What the benchmarks need to find again: ids per level, old and new."""

    old_provinces: list[AdministrativeUnit] = field(default_factory=list)
    new_provinces: list[AdministrativeUnit] = field(default_factory=list)
    districts: list[AdministrativeUnit] = field(default_factory=list)
    old_communes: list[AdministrativeUnit] = field(default_factory=list)
    new_communes: list[AdministrativeUnit] = field(default_factory=list)
    old_hamlets: list[AdministrativeUnit] = field(default_factory=list)
    new_hamlets: list[AdministrativeUnit] = field(default_factory=list)
    successions: int = 0

    @property
    def unit_count(self) -> int:
        return sum(
            len(x)
            for x in (
                self.old_provinces,
                self.new_provinces,
                self.districts,
                self.old_communes,
                self.new_communes,
                self.old_hamlets,
                self.new_hamlets,
            )
        )


def _spread(rng: random.Random, total: int, parents: int) -> list[int]:
    """``total`` children over ``parents``: at least one each, the rest at random."""
    counts = [1] * parents
    for _ in range(total - parents):
        counts[rng.randrange(parents)] += 1
    return counts


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.next_id = 1
        self.units: list[AdministrativeUnit] = []

    def name(self, words: int = 2) -> str:
        return " ".join(self.rng.choice(_SYLLABLES) for _ in range(words))

    def unit(
        self,
        *,
        code: str,
        name: str,
        kind: str,
        level: str,
        parent: AdministrativeUnit | None,
        valid_from: dt.date,
        valid_to: dt.date | None,
        region: str,
    ) -> AdministrativeUnit:
        pk = self.next_id
        self.next_id += 1
        unit = AdministrativeUnit(
            id=pk,
            code=code,
            name=name,
            search_name=fold(name),
            kind=kind,
            level=level,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
            region=region,
            path=(parent.path if parent else "") + path_segment(pk),
        )
        self.units.append(unit)
        return unit


def _chunks(
    items: list[AdministrativeUnit], rng: random.Random
) -> Iterator[list[AdministrativeUnit]]:
    """Groups of mostly three (sometimes two or four), as the 2025 mergers did."""
    i = 0
    while i < len(items):
        size = rng.choice((2, 3, 3, 3, 3, 4))
        if len(items) - i - size == 1:
            size += 1  # never leave one commune on its own at the end
        yield items[i : i + size]
        i += size


def build(seed: int = SEED) -> Nation:
    b = _Builder(seed)
    rng = b.rng
    nation = Nation()
    regions = [r.value for r in Region]
    districts_per_province = _spread(rng, DISTRICTS, PROVINCES)
    communes_per_district = _spread(rng, COMMUNES, DISTRICTS)
    hamlets_per_commune = _spread(rng, HAMLETS, COMMUNES)
    district_no = commune_no = hamlet_no = 0
    hamlets_of: dict[int, list[AdministrativeUnit]] = {}
    communes_of: dict[int, list[AdministrativeUnit]] = {}

    for p in range(PROVINCES):
        region = regions[p % len(regions)]
        province = b.unit(
            code=f"{p + 1:02d}",
            name=f"Tỉnh {b.name()}",
            kind=Kind.PROVINCE,
            level=Level.PROVINCE,
            parent=None,
            valid_from=OLD_FROM,
            valid_to=OLD_TO,
            region=region,
        )
        nation.old_provinces.append(province)
        communes_of[province.pk] = []
        for _ in range(districts_per_province[p]):
            district = b.unit(
                code=f"{district_no + 1:03d}",
                name=f"Huyện {b.name()}",
                kind=Kind.RURAL_DISTRICT,
                level=Level.DISTRICT,
                parent=province,
                valid_from=OLD_FROM,
                valid_to=OLD_TO,
                region=region,
            )
            nation.districts.append(district)
            for _ in range(communes_per_district[district_no]):
                commune = b.unit(
                    code=f"{commune_no + 1:05d}",
                    name=f"Xã {b.name()}",
                    kind=Kind.COMMUNE,
                    level=Level.COMMUNE,
                    parent=district,
                    valid_from=OLD_FROM,
                    valid_to=OLD_TO,
                    region=region,
                )
                nation.old_communes.append(commune)
                communes_of[province.pk].append(commune)
                hamlets_of[commune.pk] = []
                for _ in range(hamlets_per_commune[commune_no]):
                    hamlet = b.unit(
                        code=f"{hamlet_no + 1:07d}",
                        name=f"Ấp {b.name()}",
                        kind=Kind.HAMLET,
                        level=Level.HAMLET,
                        parent=commune,
                        valid_from=OLD_FROM,
                        valid_to=OLD_TO,
                        region=region,
                    )
                    nation.old_hamlets.append(hamlet)
                    hamlets_of[commune.pk].append(hamlet)
                    hamlet_no += 1
                commune_no += 1
            district_no += 1

    successions: list[Succession] = []

    def succeed(old: AdministrativeUnit, new: AdministrativeUnit, kind: str) -> None:
        successions.append(
            Succession(
                predecessor_id=old.pk,
                successor_id=new.pk,
                kind=kind,
                effective_date=NEW_FROM,
                legal_basis="Nghị quyết 2025 (bench)",
            )
        )

    for old_province in nation.old_provinces:
        province = b.unit(
            code=old_province.code,
            name=old_province.name,
            kind=Kind.PROVINCE,
            level=Level.PROVINCE,
            parent=None,
            valid_from=NEW_FROM,
            valid_to=None,
            region=old_province.region,
        )
        nation.new_provinces.append(province)
        succeed(old_province, province, SuccessionKind.UNCHANGED)
        olds = list(communes_of[old_province.pk])
        rng.shuffle(olds)
        for group in _chunks(olds, rng):
            group.sort(key=lambda u: u.pk)
            commune = b.unit(
                code=group[0].code,  # GSO reuses a predecessor's code
                name=f"Xã {b.name()}",
                kind=Kind.COMMUNE,
                level=Level.COMMUNE,
                parent=province,
                valid_from=NEW_FROM,
                valid_to=None,
                region=province.region,
            )
            nation.new_communes.append(commune)
            for old in group:
                succeed(old, commune, SuccessionKind.WHOLE)
                for old_hamlet in hamlets_of[old.pk]:
                    hamlet = b.unit(
                        code=old_hamlet.code,
                        name=old_hamlet.name,
                        kind=Kind.HAMLET,
                        level=Level.HAMLET,
                        parent=commune,
                        valid_from=NEW_FROM,
                        valid_to=None,
                        region=province.region,
                    )
                    nation.new_hamlets.append(hamlet)
                    succeed(old_hamlet, hamlet, SuccessionKind.UNCHANGED)

    with transaction.atomic():
        # Rows are in creation order, so every parent is inserted before its children.
        AdministrativeUnit.objects.bulk_create(b.units, batch_size=BATCH)
        Succession.objects.bulk_create(successions, batch_size=BATCH)
    nation.successions = len(successions)
    with connection.cursor() as cursor:
        # Fold the bulk insert's WAL into the main file, as a long-running database would have.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The generator's ~175k model instances stay alive; keep them out of the cyclic GC's
    # full collections so its pauses do not show up in the timings.
    gc.collect()
    gc.freeze()
    return nation
