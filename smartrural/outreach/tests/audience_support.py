"""Units for the campaign form's audience picker: a province of about a thousand units as of
2023 (the persona slice of Trà Vinh plus eight more districts), and the structure after the
01/07/2025 reorganisation (communes straight under the new province, new hamlets)."""

from __future__ import annotations

import datetime as dt

from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, path_segment
from smartrural.geo.services import hamlet_create, unit_create
from smartrural.testing import TV_END, Personas

REORGANISED = dt.date(2025, 7, 1)


def many_units(personas: Personas, *, districts: int = 8, communes: int = 11) -> int:
    """Add ``districts`` districts of ``communes`` communes of ten hamlets each to the persona
    province (valid until 30/06/2025); the number of units the province officer then sees."""
    hamlets: list[AdministrativeUnit] = []
    for d in range(districts):
        district = unit_create(
            code=str(900 + d),
            name=f"Huyện Số {d + 1}",
            kind="huyen",
            level="district",
            parent=personas.province_unit,
            valid_to=TV_END,
        )
        for c in range(communes):
            commune = unit_create(
                code=str(30000 + d * 100 + c),
                name=f"Xã Tân Phước {d + 1}-{c + 1}",
                kind="xa",
                level="commune",
                parent=district,
                valid_to=TV_END,
            )
            hamlets.extend(
                AdministrativeUnit(
                    code=f"{commune.code}{h + 1:02d}",
                    name=f"Ấp Đông Hòa {h + 1}",
                    search_name=fold(f"Ấp Đông Hòa {h + 1}"),
                    kind="ap",
                    level="hamlet",
                    parent=commune,
                    valid_to=TV_END,
                    region=commune.region,
                )
                for h in range(10)
            )
    # Nine hundred hamlets through ``hamlet_create`` take a minute and a half: written at once,
    # with the path ``unit_create`` would give them.
    made = AdministrativeUnit.objects.bulk_create(hamlets)
    for hamlet in made:
        assert hamlet.parent is not None
        hamlet.path = hamlet.parent.path + path_segment(hamlet.pk)
    AdministrativeUnit.objects.bulk_update(made, ["path"])
    return AdministrativeUnit.objects.filter(valid_to=TV_END).count()


def after_2025() -> dict[str, AdministrativeUnit]:
    """Tỉnh Vĩnh Long from 01/07/2025 with Xã Hàm Giang (no district) and its Ấp Mới."""
    province = unit_create(
        code="86",
        name="Tỉnh Vĩnh Long",
        kind="tinh",
        level="province",
        parent=None,
        valid_from=REORGANISED,
        region="dbscl",
    )
    commune = unit_create(
        code="29500",
        name="Xã Hàm Giang",
        kind="xa",
        level="commune",
        parent=province,
        valid_from=REORGANISED,
    )
    hamlet = hamlet_create(commune=commune, code="2950001", name="Ấp Mới", kind="ap")
    return {"province": province, "commune": commune, "hamlet": hamlet}
