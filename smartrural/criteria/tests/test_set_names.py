"""A page names a criteria set by its name and legal basis ("QĐ 318/QĐ-TTg"), never by its code
alone, and shows the codes of its definition (unit level, awards, regions, provenance) by labels."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from smartrural.criteria.labels import award_label, provenance_label, region_label
from smartrural.criteria.models import CriteriaSet, cited_legal_basis
from smartrural.criteria.services import load_national_sets
from smartrural.criteria.shipped import shipped_set_names
from smartrural.testing import Personas

from .factories import stored_set


class CitedLegalBasisTests:
    @pytest.mark.parametrize(
        ("number", "cited"),
        [
            ("318/QĐ-TTg", "QĐ 318/QĐ-TTg"),
            ("51/2025/QĐ-TTg", "QĐ 51/2025/QĐ-TTg"),
            (" 320/QĐ-TTg ", "QĐ 320/QĐ-TTg"),
            ("QĐ 318/QĐ-TTg", "QĐ 318/QĐ-TTg"),
            ("Công văn 3445/BNN-VPĐP", "Công văn 3445/BNN-VPĐP"),
            ("3445/BNN-VPĐP", "3445/BNN-VPĐP"),
            ("", ""),
        ],
    )
    def test_a_decision_number_is_cited_with_qd(self, number: str, cited: str) -> None:
        assert cited_legal_basis(number) == cited


class LabelTests:
    def test_definition_codes_have_vietnamese_labels(self) -> None:
        assert region_label("dbscl") == "Đồng bằng sông Cửu Long"
        assert provenance_label("secondary") == "nguồn thứ cấp"
        assert award_label("ntm") != "ntm"
        # An unknown code is shown as it is rather than hidden; nothing for no code.
        assert region_label("xyz") == "xyz"
        assert region_label(None) == ""


@pytest.mark.django_db
class SetNameTests:
    def test_every_shipped_set_is_named_by_its_decision(self) -> None:
        names = shipped_set_names()
        assert names["QD318-XA"] == (
            "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025 (QĐ 318/QĐ-TTg)"
        )
        assert names["QD51-XA"].endswith("(QĐ 51/2025/QĐ-TTg)")
        load_national_sets()
        for criteria_set in CriteriaSet.objects.all():
            assert criteria_set.display_name == names[criteria_set.code]
            assert str(criteria_set) == criteria_set.display_name

    def test_a_set_without_a_legal_basis_is_named_by_its_code(self) -> None:
        criteria_set = stored_set()
        criteria_set.legal_basis = ""
        assert criteria_set.legal_name == criteria_set.code
        assert criteria_set.display_name == f"{criteria_set.name} ({criteria_set.code})"

    def test_the_migration_copies_the_legal_basis_of_the_current_version(self) -> None:
        load_national_sets()
        CriteriaSet.objects.update(legal_basis="")
        migration = importlib.import_module(
            "smartrural.criteria.migrations.0004_criteria_set_legal_basis"
        )
        migration.legal_basis_from_current_version(apps, None)
        assert CriteriaSet.objects.get(code="QD320-HUYEN").legal_basis == "320/QĐ-TTg"


@pytest.mark.django_db
class SetNamePagesTests:
    @pytest.fixture(autouse=True)
    def _national(self, db: None) -> None:
        load_national_sets()

    def test_the_sets_list_cites_each_decision_and_labels_the_level(
        self, personas: Personas
    ) -> None:
        text = personas.client(personas.commune_a).get("/criteria-sets/").content.decode()
        assert "QĐ 318/QĐ-TTg" in text and "QĐ 51/2025/QĐ-TTg" in text
        assert ">commune<" not in text and ">district<" not in text

    def test_a_set_page_labels_its_codes(self, personas: Personas) -> None:
        text = personas.client(personas.commune_a).get("/criteria-sets/QD318-XA/").content.decode()
        assert (
            "<h1>Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025 (QĐ 318/QĐ-TTg)</h1>"
            in text
        )
        assert "Đồng bằng sông Cửu Long" in text
        assert ">dbscl<" not in text and "unconfirmed" not in text
