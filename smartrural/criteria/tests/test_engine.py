"""The evaluation engine on hand-made definitions (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from smartrural.criteria.definition import CHOICE, COUNT, PERCENT, Indicator, Threshold
from smartrural.criteria.engine import (
    MET,
    MISSING,
    NOT_APPLICABLE,
    NOT_MET,
    CompiledSet,
    InvalidValue,
    Result,
    UnitFacts,
    evaluate,
    parse_value,
)

from .factories import ALL_MET, small_definition

MEKONG_COMMUNE = UnitFacts(kind="xa", region="dbscl")
RED_RIVER_COMMUNE = UnitFacts(kind="xa", region="dbsh")
MEKONG_WARD = UnitFacts(kind="phuong", region="dbscl")


def stored(raw: dict[str, str]) -> dict[str, tuple[str, Decimal | None]]:
    indicators = small_definition().indicators()
    out = {}
    for code, value in raw.items():
        parsed = parse_value(indicators[code], value)
        out[code] = (parsed.text, parsed.number)
    return out


def run(values: dict[str, str], facts: UnitFacts = MEKONG_COMMUNE, year: int = 2023) -> Result:
    return evaluate(small_definition(), facts=facts, year=year, values=stored(values))


def indicator(result: Result, code: str):
    return next(i for c in result.criteria for i in c.indicators if i.code == code)


def criterion(result: Result, number: int):
    return next(c for c in result.criteria if c.number == number)


PERCENT_INDICATOR = Indicator("3.1", "x", PERCENT, ">=", (Threshold(Decimal(80)),))


class ParseValueTests:
    @pytest.mark.parametrize(
        ("raw", "text"), [("85,2", "85.2"), ("85.2", "85.2"), ("85.2%", "85.2"), ("100", "100")]
    )
    def test_percent_accepts_decimal_comma_and_point(self, raw: str, text: str) -> None:
        assert parse_value(PERCENT_INDICATOR, raw).text == text

    @pytest.mark.parametrize("raw", ["101", "-1", "abc", "", "8,5,2"])
    def test_percent_refuses_values_outside_0_to_100_or_not_numbers(self, raw: str) -> None:
        with pytest.raises(InvalidValue):
            parse_value(PERCENT_INDICATOR, raw)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Đạt", "true"),
            ("dat", "true"),
            ("1", "true"),
            ("true", "true"),
            ("Không đạt", "false"),
            ("khong dat", "false"),
            ("0", "false"),
            ("FALSE", "false"),
        ],
    )
    def test_pass_fail_accepts_vietnamese_ascii_digits_and_booleans(
        self, raw: str, expected: str
    ) -> None:
        assert parse_value(small_definition().indicators()["3.2"], raw).text == expected

    def test_pass_fail_refuses_anything_else_naming_the_value(self) -> None:
        with pytest.raises(InvalidValue, match="maybe"):
            parse_value(small_definition().indicators()["3.2"], "maybe")

    def test_count_accepts_whole_numbers_only(self) -> None:
        count = Indicator("13.1", "x", COUNT, ">=", (Threshold(Decimal(1)),))
        assert parse_value(count, "12").number == 12
        for raw in ("1,5", "-2"):
            with pytest.raises(InvalidValue):
                parse_value(count, raw)

    def test_choice_matches_without_diacritics_and_stores_the_choice(self) -> None:
        choice = Indicator(
            "1.1",
            "x",
            CHOICE,
            "in",
            (Threshold(("Đạt", "Cơ bản đạt")),),
            choices=("Đạt", "Cơ bản đạt", "Chưa đạt"),
        )
        assert parse_value(choice, "co ban dat").text == "Cơ bản đạt"
        with pytest.raises(InvalidValue):
            parse_value(choice, "khác")


class IndicatorEvaluationTests:
    def test_79_9_is_not_met_with_explanation_naming_80_percent_and_the_region(self) -> None:
        result = run({**ALL_MET, "3.1": "79.9"})
        ind = indicator(result, "3.1")
        assert ind.status == NOT_MET
        with translation.override("en"):
            assert ind.explanation() == "Indicator 3.1: 79.9% < 80% (Mekong Delta threshold)"
        with translation.override("vi"):
            assert ind.explanation() == (
                "Chỉ tiêu 3.1: 79,9% < 80% (ngưỡng Đồng bằng sông Cửu Long)"
            )
        assert not criterion(result, 3).met
        assert result.level is None

    def test_80_is_met(self) -> None:
        result = run({**ALL_MET, "3.1": "80"})
        assert indicator(result, "3.1").status == MET
        with translation.override("en"):
            assert indicator(result, "3.1").explanation() == (
                "Indicator 3.1: 80% ≥ 80% (Mekong Delta threshold)"
            )
        assert criterion(result, 3).met

    def test_comma_decimal_is_read_as_a_decimal(self) -> None:
        assert indicator(run({**ALL_MET, "3.1": "80,5"}), "3.1").status == MET
        assert indicator(run({**ALL_MET, "3.1": "79,99"}), "3.1").status == NOT_MET

    def test_another_region_uses_the_national_threshold(self) -> None:
        result = run({**ALL_MET, "3.1": "82"}, facts=RED_RIVER_COMMUNE)
        ind = indicator(result, "3.1")
        assert ind.status == NOT_MET
        with translation.override("en"):
            assert ind.explanation() == "Indicator 3.1: 82% < 85% (national threshold)"

    def test_missing_value_is_explained_and_listed(self) -> None:
        values = dict(ALL_MET)
        del values["3.1"]
        result = run(values)
        assert indicator(result, "3.1").status == MISSING
        assert result.missing == ["3.1"]
        assert not criterion(result, 3).met
        with translation.override("en"):
            assert indicator(result, "3.1").explanation() == "Indicator 3.1: no data."

    def test_indicator_not_applicable_to_wards_is_skipped_with_a_note(self) -> None:
        values = dict(ALL_MET)
        del values["7.1"]
        result = run(values, facts=MEKONG_WARD)
        ind = indicator(result, "7.1")
        assert ind.status == NOT_APPLICABLE
        assert ind.met is None
        assert criterion(result, 7).met
        assert "7.1" not in result.missing
        with translation.override("en"):
            assert "does not apply to wards" in ind.explanation()
        assert result.level == "ntm"

    def test_the_same_indicator_is_required_of_a_commune(self) -> None:
        values = dict(ALL_MET)
        del values["7.1"]
        assert not criterion(run(values), 7).met

    def test_criterion_with_min_met_needs_only_that_many(self) -> None:
        two = run({**ALL_MET, "13.1": "Đạt", "13.2": "Đạt", "13.3": "Không đạt"})
        one = run({**ALL_MET, "13.1": "Đạt", "13.2": "Không đạt", "13.3": "Không đạt"})
        assert criterion(two, 13).met
        assert not criterion(one, 13).met

    def test_placeholder_threshold_is_flagged_in_the_explanation(self) -> None:
        ind = indicator(run(ALL_MET), "10.1")
        assert ind.status == MET
        assert ind.as_json()["placeholder"] is True
        assert ind.as_json()["provenance"] == "unconfirmed"
        with translation.override("en"):
            text = ind.explanation()
        assert text.startswith("Indicator 10.1: 60 triệu đồng/người/năm ≥ 52.5 triệu")
        assert "Mekong Delta, year 2023" in text
        assert "provincial placeholder" in text

    def test_year_specific_threshold_applies_only_in_its_year(self) -> None:
        ind = indicator(run({**ALL_MET, "10.1": "47"}, year=2022), "10.1")
        assert ind.status == MET
        assert ind.threshold is not None and ind.threshold.year == 2022


class SetLevelTests:
    def test_every_criterion_met_awards_the_sets_level(self) -> None:
        result = run(ALL_MET)
        assert result.met
        assert result.level == "ntm"
        assert (result.criteria_met, result.criteria_total) == (4, 4)

    def test_one_criterion_not_met_awards_nothing(self) -> None:
        result = run({**ALL_MET, "3.2": "Không đạt"})
        assert result.level is None
        assert (result.criteria_met, result.criteria_total) == (3, 4)

    def test_result_serialises_to_the_api_shape(self) -> None:
        with translation.override("vi"):
            data = run({**ALL_MET, "3.1": "79.9"}).as_json()
        assert set(data) >= {"criteriaSet", "year", "level", "criteriaMet", "criteriaTotal"}
        first = data["criteria"][0]
        assert first["number"] == 3
        assert first["met"] is False
        assert first["indicators"][0] == {
            "code": "3.1",
            "name": "Farm land with active irrigation",
            "value": "79.9",
            "unit": "%",
            "threshold": "80",
            "comparator": ">=",
            "status": "not_met",
            "met": False,
            "explanation": first["indicators"][0]["explanation"],
            "provenance": "confirmed",
            "placeholder": False,
        }
        assert "79,9%" in first["indicators"][0]["explanation"]


class FastPathTests:
    @pytest.mark.parametrize("seed", range(20))
    def test_flags_fast_path_agrees_with_the_full_evaluation(self, seed: int) -> None:
        import random

        rng = random.Random(seed)
        choices = {
            "3.1": ["79.9", "80", "85", "90"],
            "3.2": ["Đạt", "Không đạt"],
            "7.1": ["1", "0"],
            "10.1": ["40", "47", "52.5", "60"],
            "13.1": ["1", "0"],
            "13.2": ["1", "0"],
            "13.3": ["1", "0"],
        }
        values = {k: rng.choice(v) for k, v in choices.items() if rng.random() < 0.85}
        facts = rng.choice([MEKONG_COMMUNE, RED_RIVER_COMMUNE, MEKONG_WARD])
        year = rng.choice([2022, 2023])
        compiled = CompiledSet(small_definition())
        full = compiled.evaluate(facts=facts, year=year, values=stored(values))
        flags, missing = compiled.evaluate_flags(facts=facts, year=year, values=stored(values))
        assert flags == full.criteria_flags()
        assert missing == full.missing
