from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.models import CriteriaSet, CriteriaSetVersion
from smartrural.criteria.selectors import current_version
from smartrural.criteria.services import (
    criteria_set_derive,
    criteria_set_import,
    criteria_set_override_threshold,
    load_national_sets,
)
from smartrural.criteria.setfile import definition_from_json, parse_set_file
from smartrural.criteria.shipped import DATA_DIR
from smartrural.testing import Personas


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """These tests read the (English) source messages; the Vietnamese are checked elsewhere."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

VARIANT = """
code: TV-QD318-XA-2023
name: Bộ tiêu chí xã NTM tỉnh Trà Vinh 2023
base: QD318-XA
overrides:
  - indicator: "10"
    thresholds:
      - {value: 60, region: dbscl, year: 2023, provenance: confirmed, source: QĐ của tỉnh}
add:
  - criterion: 13
    indicators:
      - {code: "13.9", name: Có sản phẩm OCOP, type: count, comparator: ">=",
         provenance: confirmed, thresholds: [{value: 1, provenance: confirmed}]}
"""


class CriteriaSetImportTests:
    def test_loading_national_sets_twice_creates_nothing_the_second_time(self) -> None:
        load_national_sets()
        assert CriteriaSetVersion.objects.count() == 5
        load_national_sets()
        assert CriteriaSetVersion.objects.count() == 5
        assert CriteriaSet.objects.get(code="QD318-XA-NC").versions.count() == 1

    def test_a_changed_file_makes_version_2_and_keeps_version_1(self) -> None:
        load_national_sets()
        text = (DATA_DIR / "QD318-XA.yaml").read_text(encoding="utf-8")
        changed = text.replace(
            "region: dbscl, year: 2025, value: 66", "region: dbscl, year: 2025, value: 67"
        )
        assert changed != text
        v2 = criteria_set_import(definition=parse_set_file(changed), note="thu nhập 2025")
        assert v2.number == 2
        v1 = v2.criteria_set.versions.get(number=1)
        assert definition_from_json(v1.definition) == parse_set_file(text)

    def test_a_variant_file_is_stored_resolved_with_its_base_version(self) -> None:
        load_national_sets()
        version = criteria_set_import(definition=parse_set_file(VARIANT))
        defn = definition_from_json(version.definition)
        assert version.criteria_set.base is not None
        assert version.criteria_set.base.code == "QD318-XA"
        assert defn.base_version == 1 and len(defn.criteria) == 19
        income = defn.indicators()["10"].threshold_for(
            region="dbscl", commune_group=None, year=2023
        )
        assert income is not None and income.value == Decimal(60) and not income.placeholder
        assert "13.9" in defn.indicators()
        assert criteria_set_import(definition=parse_set_file(VARIANT)) == version

    def test_a_variant_override_of_an_unknown_indicator_is_refused(self) -> None:
        load_national_sets()
        with pytest.raises(ValidationFailed) as exc:
            criteria_set_import(definition=parse_set_file(VARIANT.replace('"10"', '"99"')))
        assert "overrides[0].indicator: no indicator '99' in QD318-XA" in exc.value.message


class VariantEditTests:
    def test_an_override_makes_a_new_version_differing_only_there(self, personas: Personas) -> None:
        load_national_sets()
        base = CriteriaSet.objects.get(code="QD318-XA")
        v1 = criteria_set_derive(base=base, code="TV-318", name="Trà Vinh", by=personas.province)
        v2 = criteria_set_override_threshold(
            criteria_set=v1.criteria_set,
            indicator_code="3.1",
            value=Decimal("85"),
            region="dbscl",
            by=personas.province,
            note="QĐ tỉnh",
        )
        assert (v1.number, v2.number) == (1, 2)
        old, new = definition_from_json(v1.definition), definition_from_json(v2.definition)
        assert new.base_version == 1
        changed = [c for c, i in new.indicators().items() if old.indicators()[c] != i]
        assert changed == ["3.1"]
        t = new.indicators()["3.1"].threshold_for(region="dbscl", commune_group=None, year=2023)
        assert t is not None and t.value == Decimal(85)
        assert current_version(v1.criteria_set) == v2

    def test_overriding_a_national_set_is_refused(self, personas: Personas) -> None:
        load_national_sets()
        with pytest.raises(ValidationFailed) as exc:
            criteria_set_override_threshold(
                criteria_set=CriteriaSet.objects.get(code="QD318-XA"),
                indicator_code="3.1",
                value=90,
                by=personas.province,
                note="",
            )
        assert "national set" in exc.value.message

    def test_an_override_value_that_does_not_fit_is_refused(self, personas: Personas) -> None:
        load_national_sets()
        v1 = criteria_set_derive(
            base=CriteriaSet.objects.get(code="QD318-XA"),
            code="TV-318",
            name="TV",
            by=personas.province,
        )
        with pytest.raises(ValidationFailed):
            criteria_set_override_threshold(
                criteria_set=v1.criteria_set,
                indicator_code="3.1",
                value=150,
                by=personas.province,
                note="",
            )
        assert v1.criteria_set.versions.count() == 1


class CommandTests:
    def test_validate_prints_ok_with_counts(self, capsys: pytest.CaptureFixture[str]) -> None:
        call_command("criteria_sets_validate", str(DATA_DIR / "QD318-XA.yaml"))
        assert "OK: QD318-XA, 19 criteria, 53 indicators" in capsys.readouterr().out

    def test_validate_lists_problems_and_fails(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "bad.yaml"
        text = (DATA_DIR / "QD318-XA.yaml").read_text(encoding="utf-8")
        path.write_text(text.replace("unit_level: commune", "unit_level: hamlet"), encoding="utf-8")
        with pytest.raises(CommandError) as exc:
            call_command("criteria_sets_validate", str(path))
        assert exc.value.returncode == 1
        assert "unit_level: unknown unit level 'hamlet'" in capsys.readouterr().out

    def test_validate_resolves_a_variant_against_the_shipped_base(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "tv.yaml"
        path.write_text(VARIANT, encoding="utf-8")
        call_command("criteria_sets_validate", str(path))
        assert "OK: TV-QD318-XA-2023, 19 criteria, 54 indicators" in capsys.readouterr().out

    def test_import_command_imports_all_or_nothing(self, tmp_path: Path) -> None:
        call_command("criteria_sets_import", str(DATA_DIR / "QD318-XA.yaml"), note="đầu tiên")
        assert CriteriaSetVersion.objects.get().note == "đầu tiên"
        path = tmp_path / "bad.yaml"
        path.write_text(
            VARIANT.replace("thresholds: [{value: 1,", "thresholds: [{value: 1.5,"),
            encoding="utf-8",
        )
        with pytest.raises(CommandError):
            call_command("criteria_sets_import", str(path))
        assert CriteriaSet.objects.count() == 1
