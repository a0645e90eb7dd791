"""The engine's rules that come from the law rather than from a set's thresholds: a district's
recognition conditions are not criteria (QĐ 320: "9/9 tiêu chí huyện", conditions apart), a
town meeting the district set completes the NTM task, and an especially difficult commune is
judged with the northern midlands and mountains' thresholds (QĐ 318)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from smartrural.criteria.definition import (
    CONDITION,
    PERCENT,
    Criterion,
    Indicator,
    Threshold,
    level_for_kind,
)
from smartrural.criteria.engine import CompiledSet, Result, UnitFacts, evaluate, parse_value
from smartrural.criteria.setfile import (
    SetFileInvalid,
    definition_from_json,
    definition_to_json,
    parse_set_file,
)

from .factories import pass_fail, small_definition


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def district_definition():
    """Three district criteria and a group of two recognition conditions (numbered 0)."""
    share = Indicator(
        code="DK.1",
        name="Communes recognised NTM",
        value_type=PERCENT,
        comparator=">=",
        unit="%",
        thresholds=(Threshold(value=Decimal(100)),),
    )
    return small_definition(
        code="T-HUYEN",
        unit_level="district",
        awards="district_ntm",
        criteria=(
            Criterion(0, "Điều kiện", "Điều kiện", (share, pass_fail("DK.2")), kind=CONDITION),
            *(Criterion(n, f"Tiêu chí {n}", "Huyện", (pass_fail(f"H{n}"),)) for n in (1, 2, 3)),
        ),
    )


def stored(definition, raw: dict[str, str]) -> dict[str, tuple[str, Decimal | None]]:
    indicators = definition.indicators()
    out = {}
    for code, value in raw.items():
        parsed = parse_value(indicators[code], value)
        out[code] = (parsed.text, parsed.number)
    return out


DISTRICT = UnitFacts(kind="huyen", region="dbscl")
CRITERIA_MET = {"H1": "Đạt", "H2": "Đạt", "H3": "Đạt"}


def district_result(raw: dict[str, str], facts: UnitFacts = DISTRICT) -> Result:
    definition = district_definition()
    return evaluate(definition, facts=facts, year=2023, values=stored(definition, raw))


class DistrictTallyTests:
    def test_the_tally_counts_the_criteria_and_not_the_conditions(self) -> None:
        result = district_result({**CRITERIA_MET, "DK.1": "80", "DK.2": "Đạt"})
        assert (result.criteria_met, result.criteria_total) == (3, 3)
        assert [c.number for c in result.criteria] == [1, 2, 3]
        assert [c.number for c in result.conditions] == [0]

    def test_criteria_met_but_a_condition_not_met_reaches_no_level(self) -> None:
        result = district_result({**CRITERIA_MET, "DK.1": "99,9", "DK.2": "Đạt"})
        assert result.criteria_met == result.criteria_total
        assert not result.conditions_met
        assert not result.met
        assert result.level is None

    def test_criteria_and_conditions_met_reach_the_district_level(self) -> None:
        result = district_result({**CRITERIA_MET, "DK.1": "100", "DK.2": "Đạt"})
        assert result.met and result.conditions_met
        assert result.level == "district_ntm"

    def test_a_condition_met_does_not_make_up_for_a_criterion(self) -> None:
        result = district_result({"H1": "Đạt", "H2": "Đạt", "DK.1": "100", "DK.2": "Đạt"})
        assert (result.criteria_met, result.criteria_total) == (2, 3)
        assert result.conditions_met and not result.met

    def test_the_json_lists_the_conditions_apart(self) -> None:
        data = district_result({**CRITERIA_MET, "DK.1": "80"}).as_json()
        assert (data["criteriaMet"], data["criteriaTotal"]) == (3, 3)
        assert [c["number"] for c in data["criteria"]] == [1, 2, 3]
        [group] = data["conditions"]
        assert [(i["code"], i["met"]) for i in group["indicators"]] == [
            ("DK.1", False),
            ("DK.2", None),
        ]
        assert data["missing"] == ["DK.2"]
        assert data["level"] is None

    def test_the_fast_path_gives_the_conditions_under_their_keys(self) -> None:
        definition = district_definition()
        compiled = CompiledSet(definition)
        values = stored(definition, {**CRITERIA_MET, "DK.1": "80", "DK.2": "Đạt"})
        flags, missing = compiled.evaluate_flags(facts=DISTRICT, year=2023, values=values)
        assert compiled.condition_keys == {"0"}
        assert flags == {"0": False, "1": True, "2": True, "3": True}
        assert missing == []


class TownLevelTests:
    @pytest.mark.parametrize("kind", ["thi_xa", "tp_tinh"])
    def test_a_town_meeting_the_district_set_completes_the_ntm_task(self, kind: str) -> None:
        result = district_result(
            {**CRITERIA_MET, "DK.1": "100", "DK.2": "Đạt"}, UnitFacts(kind=kind, region="dbscl")
        )
        assert result.level == "town_completed"

    def test_a_huyen_meeting_it_is_a_district_ntm(self) -> None:
        assert level_for_kind("district_ntm", "huyen") == "district_ntm"
        assert level_for_kind("district_advanced", "thi_xa") == "district_advanced"
        assert level_for_kind("ntm", "xa") == "ntm"


class ConditionKindInSetFilesTests:
    GOOD = """
code: T-H
name: Bộ huyện
legal_basis: {number: "320/QĐ-TTg", date: 2022-03-08}
unit_level: district
period: {from: 2021, to: 2025}
awards: district_ntm
criteria:
  - number: 0
    name: Điều kiện
    group: Điều kiện
    kind: condition
    indicators:
      - {code: "DK.1", name: "Xã NTM", type: percent, comparator: ">=", provenance: confirmed,
         thresholds: [{value: 100, provenance: confirmed}]}
  - number: 1
    name: Quy hoạch
    group: Huyện
    indicators:
      - {code: "H1", name: "Quy hoạch", type: pass_fail, comparator: "==",
         provenance: confirmed, thresholds: [{value: Đạt, provenance: confirmed}]}
"""

    def test_a_group_of_conditions_parses_and_survives_the_json_round_trip(self) -> None:
        definition = parse_set_file(self.GOOD)
        assert [c.kind for c in definition.criteria] == ["condition", "criterion"]
        data = definition_to_json(definition)
        assert data["criteria"][0]["kind"] == "condition"
        # The default is not written: versions stored before kinds existed stay equal.
        assert "kind" not in data["criteria"][1]
        assert definition_from_json(data) == definition

    def test_an_unknown_kind_is_reported_at_its_location(self) -> None:
        with pytest.raises(SetFileInvalid) as exc:
            parse_set_file(self.GOOD.replace("kind: condition", "kind: rule"))
        assert exc.value.problems == [
            "criteria[0].kind: unknown kind 'rule' (expected one of: criterion, condition)"
        ]

    def test_a_set_of_conditions_only_is_refused(self) -> None:
        text = self.GOOD[: self.GOOD.index("  - number: 1")]
        with pytest.raises(SetFileInvalid) as exc:
            parse_set_file(text)
        assert exc.value.problems == ["criteria: at least one criterion must not be a condition"]

    def test_the_shipped_district_set_has_nine_criteria_and_its_conditions_apart(self) -> None:
        from smartrural.criteria.shipped import DATA_DIR

        definition = parse_set_file(DATA_DIR / "QD320-HUYEN.yaml")
        criteria = [c for c in definition.criteria if not c.is_condition]
        conditions = [c for c in definition.criteria if c.is_condition]
        assert [c.number for c in criteria] == list(range(1, 10))
        assert [i.code for c in conditions for i in c.indicators] == [
            "DK.1",
            "DK.2",
            "DK.3",
            "DK.4",
            "DK.5",
        ]


def difficult_definition():
    """3.1 ≥ 85% nationally, ≥ 80% in the Mekong Delta, ≥ 70% in the northern mountains; 3.2
    has no northern threshold."""
    irrigation = Indicator(
        code="3.1",
        name="Irrigation",
        value_type=PERCENT,
        comparator=">=",
        unit="%",
        thresholds=(
            Threshold(value=Decimal(85)),
            Threshold(value=Decimal(80), region="dbscl"),
            Threshold(value=Decimal(70), region="tdmnpb"),
        ),
    )
    drainage = dataclasses.replace(
        irrigation,
        code="3.2",
        thresholds=(Threshold(value=Decimal(85)), Threshold(value=Decimal(80), region="dbscl")),
    )
    return small_definition(criteria=(Criterion(3, "Thủy lợi", "II", (irrigation, drainage)),))


def difficult_run(facts: UnitFacts, year: int, irrigation: str = "75", drainage: str = "80"):
    definition = difficult_definition()
    values = stored(definition, {"3.1": irrigation, "3.2": drainage})
    result = evaluate(definition, facts=facts, year=year, values=values)
    return {i.code: i for c in result.criteria for i in c.indicators}


MEKONG = UnitFacts(kind="xa", region="dbscl")
DIFFICULT = UnitFacts(kind="xa", region="dbscl", difficult_years=(2021, 2023))


class EspeciallyDifficultCommuneTests:
    def test_an_ordinary_mekong_commune_uses_its_regions_threshold(self) -> None:
        found = difficult_run(MEKONG, 2023)
        assert (found["3.1"].met, found["3.1"].threshold.value) == (False, Decimal(80))

    @pytest.mark.parametrize("year", [2021, 2023])
    def test_in_its_years_it_uses_the_northern_mountains_threshold(self, year: int) -> None:
        found = difficult_run(DIFFICULT, year)
        assert found["3.1"].threshold.region == "tdmnpb"
        assert found["3.1"].met is True
        assert found["3.1"].explanation() == (
            "Indicator 3.1: 75% ≥ 70% (Northern midlands and mountains threshold)"
            " — especially difficult commune"
        )

    @pytest.mark.parametrize("year", [2020, 2024])
    def test_outside_its_years_it_is_an_ordinary_commune(self, year: int) -> None:
        found = difficult_run(DIFFICULT, year)
        assert (found["3.1"].met, found["3.1"].threshold.value) == (False, Decimal(80))
        assert "especially difficult" not in found["3.1"].explanation()

    def test_without_a_northern_threshold_its_own_regions_applies(self) -> None:
        found = difficult_run(DIFFICULT, 2023, drainage="80")
        assert (found["3.2"].met, found["3.2"].threshold.value) == (True, Decimal(80))
        assert not found["3.2"].difficult

    def test_an_open_period_applies_every_year_from_its_start(self) -> None:
        facts = UnitFacts(kind="xa", region="dbscl", difficult_years=(2022, None))
        assert not difficult_run(facts, 2021)["3.1"].met
        assert difficult_run(facts, 2030)["3.1"].met

    def test_the_fast_path_follows_the_same_rule(self) -> None:
        definition = difficult_definition()
        compiled = CompiledSet(definition)
        values = stored(definition, {"3.1": "75", "3.2": "80"})
        ordinary, _ = compiled.evaluate_flags(facts=MEKONG, year=2023, values=values)
        difficult, _ = compiled.evaluate_flags(facts=DIFFICULT, year=2023, values=values)
        assert (ordinary, difficult) == ({"3": False}, {"3": True})
