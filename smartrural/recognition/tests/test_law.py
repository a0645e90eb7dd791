"""Recognition as the law has it (QĐ 18/2022/QĐ-TTg; QĐ 318, 319, 320): who decides each level,
which units may seek which level, the towns' "hoàn thành nhiệm vụ" level and the advanced set
checked before an advanced or model decision.

Everything is built through the services: units with ``unit_create``, values with the value
service, dossiers moved through the workflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.definition import Criterion, Threshold
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services import indicator_value_submit, load_national_sets
from smartrural.criteria.tests.factories import (
    ALL_MET,
    add_version,
    pass_fail,
    small_definition,
    stored_set,
)
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.recognition.models import Authority, Dossier, Recognition, Stage, TargetLevel
from smartrural.recognition.services import (
    dossier_move,
    dossier_register,
)
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.recognition.workflow import LEVEL_RULES
from smartrural.testing import TV_END, Personas, posted_form

YEAR = 2023
pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria_met() -> Iterator[None]:
    """The dossier's own set is taken as met (the engine is tested in criteria): the seam the
    workflow tests use. The advanced-set check at the decision is not patched."""
    with mock.patch("smartrural.recognition.blockers._criteria_unmet", return_value=[]):
        yield


def town(personas: Personas, code: str, name: str, kind: str) -> AdministrativeUnit:
    return unit_create(
        code=code,
        name=name,
        kind=kind,
        level="district",
        parent=personas.province_unit,
        valid_to=TV_END,
    )


def commune_of(parent: AdministrativeUnit, code: str, name: str, kind: str) -> AdministrativeUnit:
    return unit_create(
        code=code, name=name, kind=kind, level="commune", parent=parent, valid_to=TV_END
    )


def district_set() -> CriteriaSet:
    load_national_sets()
    return CriteriaSet.objects.get(code="QD320-HUYEN")


def register(unit: AdministrativeUnit, level: str, criteria_set: CriteriaSet, by: Any) -> Dossier:
    return dossier_register(
        unit=unit, target_level=level, criteria_set=criteria_set, year=YEAR, by=by
    )


def decide(dossier: Dossier, by: Any, number: str = "1/QĐ") -> Dossier:
    return dossier_move(
        dossier=dossier,
        action_name="decide",
        by=by,
        decision_number=number,
        decision_date=dt.date(YEAR, 12, 20),
    )


def to_appraised(dossier: Dossier, unit_officer: Any, personas: Personas) -> Dossier:
    """Self-assess, record satisfaction, submit, (district inspection for a commune) and
    appraise by the province."""
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=unit_officer)
    dossier = surveyed_outside(dossier, by=unit_officer)
    dossier = dossier_move(dossier=dossier, action_name="submit", by=unit_officer)
    if dossier.unit.level == "commune":
        dossier = dossier_move(dossier=dossier, action_name="inspect", by=personas.district)
    return dossier_move(dossier=dossier, action_name="appraise", by=personas.province)


class LevelRulesTests:
    def test_every_level_has_a_rule(self) -> None:
        assert set(LEVEL_RULES) == set(TargetLevel.values)

    @pytest.mark.parametrize(
        ("level", "authority"),
        [
            (TargetLevel.NTM, Authority.PROVINCIAL_CHAIR),
            (TargetLevel.ADVANCED, Authority.PROVINCIAL_CHAIR),
            (TargetLevel.MODEL, Authority.PROVINCIAL_CHAIR),
            (TargetLevel.DISTRICT_NTM, Authority.PRIME_MINISTER),
            (TargetLevel.DISTRICT_ADVANCED, Authority.PRIME_MINISTER),
            (TargetLevel.TOWN_COMPLETED, Authority.PRIME_MINISTER),
        ],
    )
    def test_the_deciding_authority_follows_the_level(self, level: str, authority: str) -> None:
        assert LEVEL_RULES[level].authority == authority


class DistrictDecisionTests:
    def test_a_district_recognition_names_the_prime_ministers_decision(
        self, personas: Personas, criteria_met: None
    ) -> None:
        dossier = register(
            personas.district_unit, TargetLevel.DISTRICT_NTM, district_set(), personas.district
        )
        dossier = to_appraised(dossier, personas.district, personas)
        dossier = decide(dossier, personas.province, "1234/QĐ-TTg")
        recognition = Recognition.objects.get(unit=personas.district_unit)
        assert (recognition.level, recognition.authority) == (
            TargetLevel.DISTRICT_NTM,
            Authority.PRIME_MINISTER,
        )
        assert dossier.decision_authority == Authority.PRIME_MINISTER
        with translation.override("vi"):
            page = personas.client(personas.province).get(f"/dossiers/{dossier.pk}/")
            unit_page = personas.client(personas.province).get("/units/849/?as_of=2023-06-01")
            listing = personas.client(personas.province).get("/dossiers/?year=2023")
        assert "1234/QĐ-TTg, 20/12/2023 — Thủ tướng Chính phủ" in page.content.decode()
        assert "Thủ tướng Chính phủ" in unit_page.content.decode()
        assert "1234/QĐ-TTg, 20/12/2023 — Thủ tướng Chính phủ" in listing.content.decode()

    def test_a_commune_recognition_names_the_provincial_chairmans_decision(
        self, personas: Personas, criteria_met: None
    ) -> None:
        criteria_set = CriteriaSet.objects.create(
            code="QD318-XA", name="Xã NTM", unit_level="commune"
        )
        dossier = register(
            personas.commune_a_unit, TargetLevel.NTM, criteria_set, personas.commune_a
        )
        decide(to_appraised(dossier, personas.commune_a, personas), personas.province)
        recognition = Recognition.objects.get(unit=personas.commune_a_unit)
        assert recognition.authority == Authority.PROVINCIAL_CHAIR
        with translation.override("vi"):
            page = personas.client(personas.province).get(f"/dossiers/{dossier.pk}/")
        assert "Chủ tịch Ủy ban nhân dân cấp tỉnh" in page.content.decode()
        assert "Thủ tướng" not in page.content.decode()

    def test_the_report_pdf_names_the_authority(
        self, personas: Personas, criteria_met: None
    ) -> None:
        from smartrural.recognition.report import report_context

        dossier = register(
            personas.district_unit, TargetLevel.DISTRICT_NTM, district_set(), personas.district
        )
        with translation.override("vi"):
            context = report_context(dossier)
            assert context is not None
            assert str(context["authority"]) == "Thủ tướng Chính phủ"
            # The nine district criteria, and the conditions in their own blocks.
            assert len(context["blocks"]) == 9
            assert [b.number for b in context["condition_blocks"]] == [0]


class TownLevelTests:
    @pytest.mark.parametrize(
        ("code", "name", "kind"),
        [("842", "Thành phố Trà Vinh", "tp_tinh"), ("851", "Thị xã Duyên Hải", "thi_xa")],
    )
    def test_tra_vinh_city_and_duyen_hai_town_complete_the_ntm_task(
        self, personas: Personas, criteria_met: None, code: str, name: str, kind: str
    ) -> None:
        unit = town(personas, code, name, kind)
        dossier = register(unit, TargetLevel.TOWN_COMPLETED, district_set(), personas.province)
        decide(to_appraised(dossier, personas.province, personas), personas.province)
        recognition = Recognition.objects.get(unit=unit)
        assert (recognition.level, recognition.authority) == (
            TargetLevel.TOWN_COMPLETED,
            Authority.PRIME_MINISTER,
        )
        with translation.override("vi"):
            assert recognition.get_level_display() == (
                "Thị xã, thành phố thuộc tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới"
            )

    @pytest.mark.parametrize("kind", ["tp_tinh", "thi_xa"])
    def test_a_town_cannot_seek_the_district_level(self, personas: Personas, kind: str) -> None:
        unit = town(personas, "842", "Thành phố Trà Vinh", kind)
        with pytest.raises(ValidationFailed) as caught:
            register(unit, TargetLevel.DISTRICT_NTM, district_set(), personas.province)
        assert caught.value.field == "target_level"

    def test_a_huyen_cannot_seek_the_town_level(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as caught:
            register(
                personas.district_unit,
                TargetLevel.TOWN_COMPLETED,
                district_set(),
                personas.district,
            )
        assert caught.value.field == "target_level"


class UnitKindFitsTheLevelTests:
    @pytest.mark.parametrize("kind", ["phuong", "thi_tran"])
    @pytest.mark.parametrize("level", [TargetLevel.NTM, TargetLevel.ADVANCED, TargetLevel.MODEL])
    def test_a_ward_or_township_cannot_seek_a_commune_level(
        self, personas: Personas, kind: str, level: str
    ) -> None:
        unit = commune_of(personas.district_unit, "29470", "Thị trấn Trà Cú", kind)
        criteria_set = CriteriaSet.objects.create(code="T", name="T", unit_level="commune")
        with pytest.raises(ValidationFailed) as caught:
            register(unit, level, criteria_set, personas.province)
        assert caught.value.field == "target_level"
        assert not Dossier.objects.exists()

    def test_a_xa_may(self, personas: Personas) -> None:
        criteria_set = CriteriaSet.objects.create(code="T", name="T", unit_level="commune")
        dossier = register(
            personas.commune_a_unit, TargetLevel.NTM, criteria_set, personas.commune_a
        )
        assert dossier.stage == Stage.REGISTERED

    def test_a_set_judging_another_level_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as caught:
            register(
                personas.district_unit,
                TargetLevel.DISTRICT_ADVANCED,
                district_set(),  # awards district_ntm
                personas.district,
            )
        assert caught.value.field == "criteria_set"

    def test_the_register_page_answers_a_form_error_for_a_ward(self, personas: Personas) -> None:
        from smartrural.recognition.forms import DossierRegisterForm

        ward = commune_of(personas.district_unit, "29470", "Phường 1", "phuong")
        criteria_set = stored_set()  # awards ntm, for communes
        client = personas.client(personas.province)
        form = DossierRegisterForm(units=[ward])
        data = posted_form(
            form, unit=ward.code, target_level="ntm", year=str(YEAR), criteria_set=criteria_set.code
        )
        with translation.override("vi"):
            response = client.post("/dossiers/new/", data)
        assert response.status_code == 422
        errors = response.context["form"].errors["target_level"]
        assert errors == ["Phường 1 là phường: mức “Xã nông thôn mới” chỉ dành cho xã."]
        assert not Dossier.objects.exists()


def enter(
    unit: AdministrativeUnit,
    criteria_set: CriteriaSet,
    values: dict[str, str],
    by: Any,
    year: int = YEAR,
) -> None:
    for code, value in values.items():
        indicator_value_submit(
            unit=unit, criteria_set=criteria_set, year=year, indicator_code=code, value=value, by=by
        )


@pytest.fixture
def advanced_sets(db: None) -> tuple[CriteriaSet, CriteriaSet]:
    """An advanced commune set (QĐ 318 Phụ lục II's shape) and a model commune set requiring it
    (QĐ 319)."""
    advanced = stored_set(small_definition(code="T-XA-NC", awards="advanced"))
    model = stored_set(
        small_definition(
            code="T-XA-KM",
            awards="model",
            requires="T-XA-NC",
            criteria=(Criterion(1, "Điều kiện xã kiểu mẫu", "KM", (pass_fail("KM.1"),)),),
        )
    )
    return advanced, model


class AdvancedSetAtTheDecisionTests:
    def test_a_model_decision_needs_the_advanced_values_of_that_year(
        self, personas: Personas, advanced_sets: tuple[CriteriaSet, CriteriaSet]
    ) -> None:
        advanced, model = advanced_sets
        unit, officer = personas.commune_a_unit, personas.commune_a
        enter(unit, model, {"KM.1": "Đạt"}, officer)
        # The advanced values met, but in 2022: not the dossier's year.
        enter(unit, advanced, ALL_MET, officer, year=2022)
        dossier = to_appraised(register(unit, TargetLevel.MODEL, model, officer), officer, personas)
        with pytest.raises(ValidationFailed, match="T-XA-NC"):
            decide(dossier, personas.province)
        # 2023's values, irrigation one tenth under the Mekong threshold of 80%: still refused.
        enter(unit, advanced, {**ALL_MET, "3.1": "79,9"}, officer)
        with pytest.raises(ValidationFailed, match="3"):
            decide(dossier, personas.province)
        assert not Recognition.objects.exists()
        enter(unit, advanced, {"3.1": "80"}, officer)  # exactly at the threshold
        dossier = decide(dossier, personas.province)
        assert dossier.stage == Stage.DECIDED
        recognition = Recognition.objects.get(unit=unit)
        assert (recognition.level, recognition.authority) == (
            TargetLevel.MODEL,
            Authority.PROVINCIAL_CHAIR,
        )

    def test_an_advanced_decision_checks_the_advanced_set_as_it_stands(
        self, personas: Personas, advanced_sets: tuple[CriteriaSet, CriteriaSet]
    ) -> None:
        advanced, _model = advanced_sets
        unit, officer = personas.commune_a_unit, personas.commune_a
        enter(unit, advanced, ALL_MET, officer)  # 3.1 = 85%
        dossier = register(unit, TargetLevel.ADVANCED, advanced, officer)
        dossier = to_appraised(dossier, officer, personas)
        # A new version of the advanced set raises the Mekong irrigation threshold to 86%.
        definition = small_definition(code="T-XA-NC", awards="advanced")
        irrigation = definition.criteria[0].indicators[0]
        stricter = irrigation.__class__(
            **{
                **irrigation.__dict__,
                "thresholds": (Threshold(value=Decimal("86"), region="dbscl"),),
            }
        )
        first = definition.criteria[0]
        criteria = (
            Criterion(first.number, first.name, first.group, (stricter, *first.indicators[1:])),
            *definition.criteria[1:],
        )
        add_version(advanced, definition.__class__(**{**definition.__dict__, "criteria": criteria}))
        with pytest.raises(ValidationFailed, match="T-XA-NC"):
            decide(dossier, personas.province)
        assert not Recognition.objects.exists()

    def test_an_ntm_decision_does_not_ask_for_the_advanced_set(
        self, personas: Personas, criteria_met: None
    ) -> None:
        criteria_set = CriteriaSet.objects.create(code="QD318-XA", name="X", unit_level="commune")
        dossier = register(
            personas.commune_a_unit, TargetLevel.NTM, criteria_set, personas.commune_a
        )
        dossier = to_appraised(dossier, personas.commune_a, personas)
        assert decide(dossier, personas.province).stage == Stage.DECIDED


class MigrationFillTests:
    def test_existing_rows_get_the_town_level_and_the_authority_of_their_level(
        self, personas: Personas
    ) -> None:
        """Migration 0004's fill on rows written before it (no authority; a town recorded as
        "huyện nông thôn mới")."""
        import importlib

        from django.apps import apps

        fill = importlib.import_module(
            "smartrural.recognition.migrations.0004_deciding_authority_and_town_level"
        ).fill
        tra_vinh = town(personas, "842", "Thành phố Trà Vinh", "tp_tinh")
        rows = {
            unit.code: Recognition.objects.create(
                unit=unit,
                level=level,
                year=2020,
                decision_number=f"{i}/QĐ",
                decision_date=dt.date(2020, 12, 1),
                authority="",
            )
            for i, (unit, level) in enumerate(
                [
                    (tra_vinh, TargetLevel.DISTRICT_NTM),
                    (personas.district_unit, TargetLevel.DISTRICT_NTM),
                    (personas.commune_a_unit, TargetLevel.NTM),
                ]
            )
        }
        fill(apps, None)
        found = {
            code: (r.level, r.authority)
            for code, r in ((c, Recognition.objects.get(pk=r.pk)) for c, r in rows.items())
        }
        assert found == {
            "842": (TargetLevel.TOWN_COMPLETED, Authority.PRIME_MINISTER),
            "849": (TargetLevel.DISTRICT_NTM, Authority.PRIME_MINISTER),
            "29479": (TargetLevel.NTM, Authority.PROVINCIAL_CHAIR),
        }
