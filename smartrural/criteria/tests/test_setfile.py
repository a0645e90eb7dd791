from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from smartrural.criteria.definition import Criterion, Indicator, SetDefinition, Threshold
from smartrural.criteria.setfile import (
    SetFileInvalid,
    definition_from_json,
    definition_to_json,
    parse_set_file,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """These tests read the (English) source messages; the Vietnamese are checked elsewhere."""
    with translation.override("en"):
        yield


def sample_definition() -> SetDefinition:
    return SetDefinition(
        code="X",
        name="Bộ tiêu chí thử",
        legal_basis="QĐ 318/QĐ-TTg",
        legal_date=dt.date(2022, 3, 8),
        unit_level="commune",
        valid_from_year=2021,
        valid_to_year=2025,
        awards="ntm",
        requires=None,
        base="QD318-XA",
        base_version=3,
        notes="ghi chú",
        extra={"k": [1, "a"]},
        criteria=(
            Criterion(
                number=3,
                name="Thủy lợi",
                group="II",
                min_met=1,
                indicators=(
                    Indicator(
                        code="3.1",
                        name="Tỷ lệ",
                        value_type="percent",
                        comparator=">=",
                        unit="%",
                        thresholds=(
                            Threshold(value=Decimal("80.50"), region="dbscl", year=2023),
                            Threshold(
                                value=Decimal("7"),
                                commune_group=2,
                                provenance="unconfirmed",
                                placeholder=True,
                                source="tạm",
                            ),
                        ),
                    ),
                    Indicator(
                        code="3.2",
                        name="4 tại chỗ",
                        value_type="pass_fail",
                        comparator="==",
                        thresholds=(Threshold(value="Đạt"),),
                        applies_to_wards=False,
                    ),
                    Indicator(
                        code="3.3",
                        name="Loại",
                        value_type="choice",
                        comparator="in",
                        choices=("A", "B", "C"),
                        thresholds=(Threshold(value=("A", "B")),),
                        derived="share_x",
                        provenance="secondary",
                    ),
                ),
            ),
        ),
    )


class DefinitionJsonTests:
    def test_a_definition_survives_the_json_round_trip_exactly(self) -> None:
        defn = sample_definition()
        data = json.loads(json.dumps(definition_to_json(defn)))
        back = definition_from_json(data)
        assert back == defn
        assert back.criteria[0].indicators[0].thresholds[0].value == Decimal("80.50")
        assert str(back.criteria[0].indicators[0].thresholds[0].value) == "80.50"

    def test_thresholds_are_strings_and_dates_iso_in_the_json(self) -> None:
        data = definition_to_json(sample_definition())
        assert data["legal_date"] == "2022-03-08"
        first = data["criteria"][0]["indicators"][0]["thresholds"][0]
        assert first["value"] == "80.50"
        assert data["criteria"][0]["indicators"][2]["thresholds"][0]["value"] == ["A", "B"]


GOOD = """
code: T-1
name: Bộ thử
legal_basis: {number: "1/QĐ", date: 2022-03-08}
unit_level: commune
period: {from: 2021, to: 2025}
awards: ntm
criteria:
  - number: 1
    name: Một
    group: I
    indicators:
      - code: "1.1"
        name: Tỷ lệ
        type: percent
        comparator: ">="
        provenance: confirmed
        thresholds:
          - {value: 80, provenance: confirmed}
          - {value: 70, region: dbscl, year: 2023, provenance: unconfirmed, placeholder: true,
             source: tạm}
      - code: "1.2"
        name: Loại
        type: choice
        choices: [A, B]
        comparator: in
        provenance: confirmed
        thresholds: [{value: [A], provenance: confirmed}]
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(SetFileInvalid) as exc:
        parse_set_file(text)
    return exc.value.problems


class ParseSetFileTests:
    def test_a_good_file_parses(self) -> None:
        defn = parse_set_file(GOOD)
        assert defn.indicators()["1.2"].thresholds[0].value == ("A",)
        assert defn.legal_date == dt.date(2022, 3, 8)

    def test_an_unknown_region_is_reported_at_its_location(self) -> None:
        problems = problems_of(GOOD.replace("region: dbscl", "region: xyz"))
        assert problems == [
            "criteria[0].indicators[0].thresholds[1].region: unknown region 'xyz' "
            "(expected one of: tdmnpb, dbsh, btb, dhntb, tn, dnb, dbscl)"
        ]

    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            ("name: Bộ thử\n", "", "name: missing field"),
            ("number: 1\n", "number: one\n", "criteria[0].number: must be a whole number"),
            ("type: percent", "type: ratio", "criteria[0].indicators[0].type: unknown type"),
            ('comparator: ">="', 'comparator: "=>"', "indicators[0].comparator: unknown"),
            (
                "{value: 80, provenance: confirmed}",
                "{value: 80, provenance: official}",
                "thresholds[0].provenance: unknown provenance 'official'",
            ),
            ("{value: 80,", "{value: 120,", "thresholds[0].value: a percentage must be between"),
            (
                "value: [A]",
                "value: [C]",
                "indicators[1].thresholds[0].value: not among the choices",
            ),
            ("year: 2023", "year: 2030", "thresholds[1].year: 2030 is outside the period"),
            ("region: dbscl", "commune_group: 4", "thresholds[1].commune_group: must be 1, 2 or 3"),
            ("placeholder: true", "placeholder: false", "thresholds[1].placeholder: a unconfirmed"),
            ('code: "1.2"', 'code: "1.1"', "indicators[1].code: duplicate indicator code '1.1'"),
            ('code: "1.1"', "code: 1.1", "indicators[0].code: write the code in quotes"),
            ("unit_level: commune", "unit_level: village", "unit_level: unknown unit level"),
        ],
    )
    def test_each_bad_input_gets_its_located_message(self, old: str, new: str, expected: str):
        assert old in GOOD
        problems = problems_of(GOOD.replace(old, new, 1))
        assert any(expected in p for p in problems), problems

    def test_a_pass_fail_threshold_must_be_dat(self) -> None:
        text = GOOD.replace("type: percent", "type: pass_fail").replace('">="', '"=="', 1)
        problems = problems_of(text)
        assert (
            'criteria[0].indicators[0].thresholds[0].value: a pass/fail threshold is "Đạt"'
            in (problems[0])
        )

    def test_duplicate_criterion_numbers_are_reported(self) -> None:
        crit = (
            GOOD[GOOD.index("  - number: 1") :].replace('"1.1"', '"2.1"').replace('"1.2"', '"2.2"')
        )
        problems = problems_of(GOOD + crit)
        assert problems == ["criteria[1].number: duplicate criterion number 1"]

    def test_every_problem_is_reported_at_once(self) -> None:
        text = (
            GOOD.replace("region: dbscl", "region: xyz")
            .replace("{value: 80,", "{value: 120,")
            .replace("awards: ntm", "awards: gold")
        )
        problems = problems_of(text)
        assert len(problems) == 3
        assert problems[0].startswith("awards:")
