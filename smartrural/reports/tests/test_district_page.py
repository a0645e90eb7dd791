"""A district's page reads "9/9 tiêu chí": the QĐ 320 recognition conditions are listed apart,
not counted as a tenth criterion (page and ``GET /api/v1/units/{code}/evaluation``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services import indicator_value_submit, load_national_sets
from smartrural.reports.tests.test_dashboard import text_of
from smartrural.testing import Personas

YEAR = 2023
PAGE = f"/dashboard/unit/849/QD320-HUYEN/{YEAR}/"
API = f"/api/v1/units/849/evaluation?criteriaSet=QD320-HUYEN&year={YEAR}"
pytestmark = pytest.mark.django_db


def enter_district_values(personas: Personas, *, h9: str = "Đạt") -> None:
    load_national_sets()
    district_set = CriteriaSet.objects.get(code="QD320-HUYEN")
    values = {f"H{n}": "Đạt" for n in range(1, 9)} | {"H9": h9, "DK.4": "95", "DK.5": "85"}
    for code, value in values.items():
        indicator_value_submit(
            unit=personas.district_unit,
            criteria_set=district_set,
            year=YEAR,
            indicator_code=code,
            value=value,
            by=personas.district,
        )


class DistrictPageTests:
    def test_a_district_meeting_the_nine_criteria_reads_9_of_9_with_the_conditions_apart(
        self, personas: Personas
    ) -> None:
        enter_district_values(personas)
        client = personas.client(personas.province)
        with translation.override("vi"):
            response = client.get(PAGE)
        assert response.status_code == 200
        text = text_of(response.content)
        assert "Đạt 9/9 tiêu chí." in text
        assert "10/10" not in text and "9/10" not in text
        # No commune of Trà Cú is recognised: the conditions are not met, shown apart.
        assert "Đạt đủ các tiêu chí, chưa đạt đủ điều kiện công nhận" in text
        assert "Điều kiện công nhận (không tính là tiêu chí)" in text
        assert [c["number"] for c in response.context["criteria"]] == list(range(1, 10))
        assert [c["number"] for c in response.context["conditions"]] == [0]

    def test_one_criterion_not_met_reads_8_of_9(self, personas: Personas) -> None:
        enter_district_values(personas, h9="Không đạt")
        with translation.override("vi"):
            response = personas.client(personas.province).get(PAGE)
        assert "Đạt 8/9 tiêu chí." in text_of(response.content)

    def test_the_api_counts_nine_criteria_and_lists_the_conditions_apart(
        self, personas: Personas
    ) -> None:
        enter_district_values(personas)
        data = personas.client(personas.province).get(API).json()
        assert (data["criteriaMet"], data["criteriaTotal"], data["level"]) == (9, 9, None)
        assert [c["number"] for c in data["criteria"]] == list(range(1, 10))
        [conditions] = data["conditions"]
        assert (conditions["number"], conditions["met"]) == (0, False)
        met = {i["code"]: i["met"] for i in conditions["indicators"]}
        assert (met["DK.1"], met["DK.4"], met["DK.5"]) == (False, True, True)
