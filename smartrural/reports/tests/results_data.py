"""A hand-made Trà Vinh 2023 for the public results, built through the services as officers
would, and the check of its figures (reusable on the demo province).

On top of the personas' units (province 84, Trà Cú 849 with Ngãi Xuyên and Kim Sơn, Càng Long
844 with Mỹ Cẩm): seven more district-level units and rural communes up to 85, and a ward that
no commune count includes. Small criteria sets (the tests' four criteria) are stored under the
national codes (commune NTM, advanced, district), then, as the seed article has it for 2023:

- 82 of 85 xã recognised NTM: the first one (Mỹ Cẩm) by a dossier moved through the whole
  workflow (values imported, self-assessed, satisfaction recorded, submitted, inspected,
  appraised, decided), the others by their decisions recorded as the workflow records them
  (moving 115 dossiers through every step takes a minute); every commune has values meeting
  every criterion; Ngãi Xuyên, Kim Sơn and Hàm Giang (Trà Cú) meet them without a decision yet;
- 27 of them recognised advanced (the first through the workflow);
- 6 of 9 district-level units recognised NTM by the Prime Minister (not Trà Cú, nor 848, 850;
  the first, Càng Long, through the workflow);
- the province's 2023 work records (digital transformation KPIs against the shipped targets).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from smartrural.accounts.models import User
from smartrural.criteria.engine import parse_value
from smartrural.criteria.models import CriteriaSet, Evaluation, IndicatorValue
from smartrural.criteria.services import ValueRow, data_value_set_import
from smartrural.criteria.setfile import definition_from_json
from smartrural.criteria.tests.factories import ALL_MET, small_definition, stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.recognition.models import Dossier, Recognition
from smartrural.recognition.services import dossier_move, dossier_register
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import TV_END, Personas
from smartrural.transformation.work_records.services import work_record_submit
from smartrural.transformation.work_records.targets import load_targets

YEAR = 2023
NTM, ADVANCED, DISTRICT = "QD318-XA", "QD318-XA-NC", "QD320-HUYEN"
WAITING = ("29479", "29482", "29488")  # meet every criterion, no decision yet
NOT_RECOGNISED_DISTRICTS = ("849", "848", "850")
# More district-level units beside Trà Cú (849) and Càng Long (844), with their communes'
# count: 85 rural communes in all.
MORE_DISTRICTS = {"842": 9, "843": 10, "845": 10, "846": 10, "847": 10, "848": 10, "850": 10}
TRA_CU_MORE = 10  # with Ngãi Xuyên, Kim Sơn and Hàm Giang: 13 in Trà Cú
CANG_LONG_MORE = 2  # with Mỹ Cẩm: 3 in Càng Long


@dataclass
class ResultsData:
    personas: Personas
    communes: list[AdministrativeUnit]
    districts: list[AdministrativeUnit]
    sets: dict[str, CriteriaSet]


def _values(criteria_set: CriteriaSet, unit: AdministrativeUnit, by: User) -> None:
    summary = data_value_set_import(
        criteria_set=criteria_set,
        year=YEAR,
        unit=unit,
        rows=[ValueRow(code, value) for code, value in ALL_MET.items()],
        by=by,
    )
    assert summary.ok, summary.conflicts


def recognise(
    unit: AdministrativeUnit, level: str, criteria_set: CriteriaSet, by: User, number: str
) -> Dossier:
    """A dossier for ``level`` moved from registration to the decision (the province office
    acts for every step, as the workflow lets it)."""
    dossier = dossier_register(
        unit=unit, target_level=level, criteria_set=criteria_set, year=YEAR, by=by
    )
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=by)
    dossier = surveyed_outside(dossier, by=by)
    dossier = dossier_move(dossier=dossier, action_name="submit", by=by)
    if unit.level == "commune":
        dossier = dossier_move(dossier=dossier, action_name="inspect", by=by)
    dossier = dossier_move(dossier=dossier, action_name="appraise", by=by)
    district = level.startswith("district")
    return dossier_move(
        dossier=dossier,
        action_name="decide",
        by=by,
        decision_number=number,
        decision_date=dt.date(YEAR, 12, 20),
        decision_signer="Thủ tướng Chính phủ" if district else "Chủ tịch UBND tỉnh Trà Vinh",
    )


def give_values(criteria_set: CriteriaSet, units: list[AdministrativeUnit]) -> None:
    """``ALL_MET`` for each unit, stored at once (as an import stores them, without its
    per-unit checks: the first unit's import went through them)."""
    version = criteria_set.versions.order_by("-number").first()
    assert version is not None
    indicators = definition_from_json(version.definition).indicators()
    rows = []
    for unit in units:
        for code, text in ALL_MET.items():
            parsed = parse_value(indicators[code], text)
            rows.append(
                IndicatorValue(
                    unit=unit,
                    criteria_set=criteria_set,
                    year=YEAR,
                    indicator_code=code,
                    value=parsed.text,
                    number=parsed.number,
                )
            )
    IndicatorValue.objects.bulk_create(rows)


def record_decisions(
    units: list[AdministrativeUnit],
    level: str,
    suffix: str,
    *,
    start: int,
    signer: str = "Chủ tịch UBND tỉnh Trà Vinh",
) -> None:
    """The decisions recognising ``units`` at ``level`` in 2023, as ``dossier_move("decide")``
    records them (without the dossier's steps)."""
    Recognition.objects.bulk_create(
        Recognition(
            unit=unit,
            level=level,
            year=YEAR,
            decision_number=f"{number}/{suffix}",
            decision_date=dt.date(YEAR, 12, 20),
            signer=signer,
        )
        for number, unit in enumerate(units, start=start)
    )
    Evaluation.objects.filter(year__gte=YEAR).delete()  # as a decision does: derived figures


def _commune(code: str, district: AdministrativeUnit) -> AdministrativeUnit:
    return unit_create(
        code=code,
        name=f"Xã Thử {code}",
        kind="xa",
        level="commune",
        parent=district,
        valid_to=TV_END,
        region="dbscl",
    )


def build_results_data(p: Personas) -> ResultsData:
    sets = {
        NTM: stored_set(small_definition(code=NTM)),
        ADVANCED: stored_set(small_definition(code=ADVANCED, awards="advanced")),
        DISTRICT: stored_set(
            small_definition(code=DISTRICT, unit_level="district", awards="district_ntm")
        ),
    }
    ham_giang = unit_create(
        code="29488",
        name="Xã Hàm Giang",
        kind="xa",
        level="commune",
        parent=p.district_unit,
        valid_to=TV_END,
        region="dbscl",
    )
    unit_create(  # a ward: no commune count includes it
        code="29500",
        name="Phường Thử",
        kind="phuong",
        level="commune",
        parent=p.district_unit,
        valid_to=TV_END,
    )
    districts = [p.district_unit, p.other_district_unit]
    communes = [p.commune_a_unit, p.commune_b_unit, ham_giang, p.other_commune_unit]
    communes += [_commune(str(30000 + i), p.district_unit) for i in range(TRA_CU_MORE)]
    communes += [_commune(str(30100 + i), p.other_district_unit) for i in range(CANG_LONG_MORE)]
    for index, (code, count) in enumerate(MORE_DISTRICTS.items()):
        district = unit_create(
            code=code,
            name=f"Huyện Thử {code}",
            kind="huyen",
            level="district",
            parent=p.province_unit,
            valid_to=TV_END,
        )
        districts.append(district)
        communes += [_commune(str(31000 + 100 * index + i), district) for i in range(count)]
    assert len(communes) == 85 and len(districts) == 9

    by = p.province
    # Mỹ Cẩm and Càng Long first, through the whole workflow.
    communes.sort(key=lambda u: u != p.other_commune_unit)
    districts.sort(key=lambda u: u != p.other_district_unit)
    _values(sets[NTM], communes[0], by)
    _values(sets[ADVANCED], communes[0], by)
    _values(sets[DISTRICT], districts[0], by)
    recognise(communes[0], "ntm", sets[NTM], by, "1/QĐ-UBND")
    recognise(communes[0], "advanced", sets[ADVANCED], by, "1/QĐ-UBND-NC")
    recognise(districts[0], "district_ntm", sets[DISTRICT], by, "1/QĐ-TTg")
    give_values(sets[NTM], communes[1:])
    decided = [c for c in communes[1:] if c.code not in WAITING]
    give_values(sets[ADVANCED], decided[:26])
    give_values(sets[DISTRICT], districts[1:])
    record_decisions(decided, "ntm", "QĐ-UBND", start=2)
    record_decisions(decided[:26], "advanced", "QĐ-UBND-NC", start=2)
    record_decisions(
        [d for d in districts[1:] if d.code not in NOT_RECOGNISED_DISTRICTS],
        "district_ntm",
        "QĐ-TTg",
        start=2,
        signer="Thủ tướng Chính phủ",
    )

    load_targets()
    for month in (1, 2, 3):
        work_record_submit(
            unit=p.province_unit, month=dt.date(YEAR, month, 1), total=100, online=35, by=by
        )
        work_record_submit(
            unit=p.commune_a_unit, month=dt.date(YEAR, month, 1), total=50, online=5, by=by
        )
    return ResultsData(p, communes, districts, sets)


# -- the check ------------------------------------------------------------------------------


def text_of(content: bytes) -> str:
    """A page's text as a reader sees it (tags dropped, spaces collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.decode())))


def district_level_recognised(recognised: dict[str, int]) -> int:
    """District-level units recognised, whatever their level's name (a town or city completes
    the NTM task rather than becoming an NTM district); advanced ones hold NTM as well."""
    return sum(n for level, n in recognised.items() if level != "district_advanced")


def assert_public_figures_2023(client: Client, *, province: str = "84") -> None:
    """What an anonymous visitor reads of Trà Vinh in 2023 (the seed article's figures), on
    the public results page and through ``GET /api/v1/summary`` without a token: 82/85 xã
    NTM, 27 advanced, 6/9 district-level units. Holds for the hand-made data above and for
    the demo province."""
    page = client.get(f"/results/{province}/?year={YEAR}")
    assert page.status_code == 200
    text = text_of(page.content)
    assert "82/85 xã đạt chuẩn nông thôn mới" in text, text
    assert "27 xã đạt chuẩn nông thôn mới nâng cao" in text, text
    assert "6/9 đơn vị cấp huyện đạt chuẩn/hoàn thành nhiệm vụ xây dựng nông thôn mới" in text, text

    def summary(criteria_set: str) -> dict[str, Any]:
        response = client.get(
            f"/api/v1/summary?criteriaSet={criteria_set}&year={YEAR}&parent={province}"
        )
        assert response.status_code == 200, response.content
        data: dict[str, Any] = response.json()
        return data

    ntm = summary(NTM)
    assert (ntm["recognised"].get("ntm"), ntm["total"]) == (82, 85)
    assert summary(ADVANCED)["recognised"].get("advanced") == 27
    districts = summary(DISTRICT)
    assert (district_level_recognised(districts["recognised"]), districts["total"]) == (6, 9)
