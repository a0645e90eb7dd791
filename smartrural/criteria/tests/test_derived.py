"""Figures the platform computes: the model commune's income margin (QĐ 319)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import current_definition, evaluation_detail
from smartrural.criteria.services import indicator_value_submit, load_national_sets
from smartrural.testing import Personas

YEAR = 2023


@pytest.mark.django_db
class ModelCommuneIncomeTests:
    def _km1(self, personas: Personas, income: Decimal):
        load_national_sets()
        advanced = CriteriaSet.objects.get(code="QD318-XA-NC")
        threshold = (
            current_definition(advanced)
            .indicators()["10"]
            .threshold_for(region="dbscl", commune_group=None, year=YEAR)
        )
        assert threshold is not None and isinstance(threshold.value, Decimal)
        indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=advanced,
            year=YEAR,
            indicator_code="10",
            value=str(threshold.value * income),
            by=personas.commune_a,
        )
        found = evaluation_detail(
            personas.commune_a_unit, CriteriaSet.objects.get(code="QD319-XA-KM"), YEAR
        )
        assert found is not None
        return found[0].criteria[0].indicators[0]

    def test_income_12_percent_above_the_advanced_threshold_meets_the_condition(
        self, personas: Personas
    ) -> None:
        km1 = self._km1(personas, Decimal("1.12"))
        assert km1.code == "KM.1"
        assert km1.value == "12"
        assert km1.met is True

    def test_income_5_percent_above_does_not(self, personas: Personas) -> None:
        km1 = self._km1(personas, Decimal("1.05"))
        assert km1.value == "5"
        assert km1.met is False
