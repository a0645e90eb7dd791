"""Especially difficult communes (xã đặc biệt khó khăn): the province office flags a commune with
the decision that lists it and its years (page and API), history keeps every change, and the
evaluation then uses the northern midlands and mountains' thresholds in those years."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.definition import PERCENT, Criterion, Indicator, Threshold
from smartrural.criteria.models import Evaluation
from smartrural.criteria.selectors import evaluation_detail, evaluation_for
from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.tests.factories import small_definition, stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import EspeciallyDifficult, unit_update
from smartrural.testing import Personas

EDIT = reverse("geo:unit-edit", args=["29479"]) + "?as_of=2024-01-01"
DETAIL = reverse("geo:unit-detail", args=["29479"]) + "?as_of=2024-01-01"
API = "/api/v1/units/{code}?as_of=2024-01-01"
BASIS = "QĐ 353/QĐ-TTg ngày 15/03/2022"


def commune() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="29479")


def patch(client: Client, code: str, data: dict[str, Any]) -> Any:
    return client.patch(API.format(code=code), json.dumps(data), content_type="application/json")


def edit_form(**changes: object) -> dict[str, object]:
    data = {"name": "Xã Ngãi Xuyên", "region": "dbscl", "commune_group": "", "version": "1"}
    return data | changes


class EspeciallyDifficultServiceTests:
    def test_it_is_set_with_its_decision_and_years_and_kept_in_history(
        self, personas: Personas
    ) -> None:
        unit_update(
            unit=commune(), especially_difficult=EspeciallyDifficult("  " + BASIS, 2022, 2025)
        )
        unit = commune()
        assert unit.especially_difficult
        assert (unit.especially_difficult_basis, unit.especially_difficult_from) == (BASIS, 2022)
        assert unit.especially_difficult_to == 2025
        assert [unit.is_especially_difficult_in(y) for y in (2021, 2022, 2025, 2026)] == [
            False,
            True,
            True,
            False,
        ]
        unit_update(unit=unit, especially_difficult=None)
        unit = commune()
        assert not unit.especially_difficult
        assert (unit.especially_difficult_basis, unit.especially_difficult_from) == ("", None)
        flags = list(unit.history.order_by("history_date").values_list("especially_difficult"))
        assert flags == [(False,), (True,), (False,)]

    def test_a_last_year_before_the_first_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as exc:
            unit_update(unit=commune(), especially_difficult=EspeciallyDifficult(BASIS, 2023, 2022))
        assert exc.value.field == "especially_difficult_to"
        assert not commune().especially_difficult

    def test_the_last_year_may_equal_the_first(self, personas: Personas) -> None:
        unit_update(unit=commune(), especially_difficult=EspeciallyDifficult(BASIS, 2023, 2023))
        assert commune().is_especially_difficult_in(2023)

    def test_it_needs_the_decision(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as exc:
            unit_update(unit=commune(), especially_difficult=EspeciallyDifficult(" ", 2023))
        assert exc.value.field == "especially_difficult_basis"

    def test_only_a_commune_level_unit_can_be_one(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed):
            unit_update(
                unit=personas.district_unit, especially_difficult=EspeciallyDifficult(BASIS, 2022)
            )
        assert not AdministrativeUnit.objects.get(pk=personas.district_unit.pk).especially_difficult


class EspeciallyDifficultPageTests:
    def test_the_province_office_sets_it_on_the_edit_page_and_the_unit_page_shows_it(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.province)
        assert "especially_difficult_basis" in client.get(EDIT).context["form"].fields
        response = client.post(
            EDIT,
            edit_form(
                especially_difficult="on",
                especially_difficult_basis=BASIS,
                especially_difficult_from="2022",
                especially_difficult_to="2025",
            ),
        )
        assert response.status_code == 302
        assert commune().is_especially_difficult_in(2024)
        with translation.override("vi"):
            text = client.get(DETAIL).content.decode()
        assert "Xã đặc biệt khó khăn" in text
        assert BASIS in text and "2022–2025" in text

    def test_a_flag_without_its_decision_and_first_year_is_a_form_error(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.province)
        response = client.post(EDIT, edit_form(especially_difficult="on"))
        assert response.status_code == 422
        errors = response.context["form"].errors
        assert set(errors) == {"especially_difficult_basis", "especially_difficult_from"}
        assert not commune().especially_difficult

    def test_a_district_officer_edits_the_commune_but_not_its_status(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.district)
        assert "especially_difficult" not in client.get(EDIT).context["form"].fields
        response = client.post(
            EDIT,
            edit_form(
                name="Xã Ngãi Xuyên A",
                especially_difficult="on",
                especially_difficult_basis=BASIS,
                especially_difficult_from="2022",
            ),
        )
        assert response.status_code == 302
        assert commune().name == "Xã Ngãi Xuyên A"
        assert not commune().especially_difficult


class EspeciallyDifficultApiTests:
    def test_the_province_office_sets_and_clears_it(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        sent = {"legal_basis": BASIS, "from_year": 2022, "to_year": None}
        response = patch(client, "29479", {"especially_difficult": sent})
        assert response.status_code == 200
        assert response.json()["especially_difficult"] == sent
        assert client.get(API.format(code="29479")).json()["especially_difficult"] == sent
        response = patch(client, "29479", {"especially_difficult": None})
        assert response.status_code == 200
        assert response.json()["especially_difficult"] is None
        assert not commune().especially_difficult

    def test_a_district_officer_gets_403(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        sent = {"legal_basis": BASIS, "from_year": 2022}
        response = patch(client, "29479", {"especially_difficult": sent})
        assert response.status_code == 403
        assert not commune().especially_difficult

    def test_a_last_year_before_the_first_is_422_naming_the_field(self, personas: Personas):
        client = personas.client(personas.province)
        sent = {"legal_basis": BASIS, "from_year": 2023, "to_year": 2022}
        response = patch(client, "29479", {"especially_difficult": sent})
        assert response.status_code == 422
        assert response.json()["field"] == "especially_difficult_to"

    def test_a_district_is_never_one(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        sent = {"legal_basis": BASIS, "from_year": 2022}
        response = patch(client, "849", {"especially_difficult": sent})
        assert response.status_code == 422
        assert "commune" in response.json()["detail"] or response.json()["detail"]

    @pytest.mark.parametrize(
        "sent",
        [
            {"legal_basis": BASIS},
            {"legal_basis": BASIS, "from_year": "2022"},
            {"legal_basis": BASIS, "from_year": 1999},
            {"legal_basis": "", "from_year": 2022},
            {"legal_basis": BASIS, "from_year": 2022, "extra": 1},
        ],
    )
    def test_a_malformed_status_is_422(self, personas: Personas, sent: dict) -> None:
        response = patch(
            personas.client(personas.province), "29479", {"especially_difficult": sent}
        )
        assert response.status_code == 422
        assert not commune().especially_difficult


def irrigation_set():
    """3.1 ≥ 80% in the Mekong Delta, ≥ 70% in the northern mountains."""
    irrigation = Indicator(
        code="3.1",
        name="Irrigation",
        value_type=PERCENT,
        comparator=">=",
        unit="%",
        thresholds=(
            Threshold(value=Decimal(80), region="dbscl"),
            Threshold(value=Decimal(70), region="tdmnpb"),
        ),
    )
    return stored_set(small_definition(criteria=(Criterion(3, "Thủy lợi", "II", (irrigation,)),)))


class EspeciallyDifficultEvaluationTests:
    def test_a_flagged_commune_is_judged_with_the_northern_threshold_in_its_years(
        self, personas: Personas
    ) -> None:
        criteria_set = irrigation_set()
        for year in (2022, 2023):
            indicator_value_submit(
                unit=commune(),
                criteria_set=criteria_set,
                year=year,
                indicator_code="3.1",
                value="75",
                by=personas.commune_a,
            )
        assert not evaluation_detail(commune(), criteria_set, 2023)[0].met  # type: ignore[index]
        assert not evaluation_for(commune(), criteria_set, 2023).met  # type: ignore[union-attr]
        unit_update(unit=commune(), especially_difficult=EspeciallyDifficult(BASIS, 2023))
        assert evaluation_detail(commune(), criteria_set, 2023)[0].met  # type: ignore[index]
        assert not evaluation_detail(commune(), criteria_set, 2022)[0].met  # type: ignore[index]

    def test_changing_the_status_drops_the_cached_evaluations(self, personas: Personas) -> None:
        criteria_set = irrigation_set()
        indicator_value_submit(
            unit=commune(),
            criteria_set=criteria_set,
            year=2023,
            indicator_code="3.1",
            value="75",
            by=personas.commune_a,
        )
        assert not evaluation_for(commune(), criteria_set, 2023).met  # type: ignore[union-attr]
        assert Evaluation.objects.filter(unit=commune()).exists()  # cached
        unit_update(unit=commune(), especially_difficult=EspeciallyDifficult(BASIS, 2023))
        assert evaluation_for(commune(), criteria_set, 2023).met  # type: ignore[union-attr]
