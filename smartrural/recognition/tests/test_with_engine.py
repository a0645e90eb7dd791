"""The dossier workflow against the real evaluation engine and stored values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.tests.factories import ALL_MET, stored_set
from smartrural.recognition.models import Stage
from smartrural.recognition.services import dossier_move, dossier_register
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import Personas

YEAR = 2023


def enter(personas: Personas, criteria_set, values: dict[str, str]) -> None:
    for code, value in values.items():
        indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=criteria_set,
            year=YEAR,
            indicator_code=code,
            value=value,
            by=personas.commune_a,
        )


def ready_to_submit(personas: Personas, criteria_set):
    dossier = dossier_register(
        unit=personas.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=YEAR,
        by=personas.commune_a,
    )
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
    return surveyed_outside(dossier, by=personas.commune_a)


@pytest.mark.django_db
class SubmissionWithEngineTests:
    def test_a_value_below_the_threshold_blocks_submission_naming_the_criterion(
        self, personas: Personas
    ) -> None:
        criteria_set = stored_set()
        enter(personas, criteria_set, {**ALL_MET, "3.1": "79,9"})
        dossier = ready_to_submit(personas, criteria_set)
        with pytest.raises(ValidationFailed, match="3"):
            dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)
        enter(personas, criteria_set, {"3.1": "80"})
        dossier = dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)
        assert dossier.stage == Stage.SUBMITTED

    def test_values_are_locked_once_submitted(self, personas: Personas) -> None:
        criteria_set = stored_set()
        enter(personas, criteria_set, ALL_MET)
        dossier = ready_to_submit(personas, criteria_set)
        dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)
        with pytest.raises(Conflict):
            enter(personas, criteria_set, {"3.1": "90"})


@pytest.mark.django_db
class DistrictConditionTests:
    def test_a_communes_recognition_refreshes_its_districts_cached_evaluation(
        self, personas: Personas
    ) -> None:
        import datetime as dt

        from smartrural.criteria.definition import PERCENT, Criterion, Indicator, Threshold
        from smartrural.criteria.selectors import evaluation_for
        from smartrural.criteria.tests.factories import small_definition
        from smartrural.recognition.services import dossier_move as move

        district_set = stored_set(
            small_definition(
                code="T-HUYEN",
                unit_level="district",
                awards="district_ntm",
                criteria=(
                    Criterion(
                        0,
                        "Điều kiện",
                        "0",
                        (
                            Indicator(
                                code="DK.1",
                                name="Xã đạt chuẩn",
                                value_type=PERCENT,
                                comparator=">=",
                                thresholds=(Threshold(value=Decimal(50)),),
                                derived="share_communes_ntm",
                            ),
                        ),
                    ),
                ),
            )
        )
        criteria_set = stored_set()
        enter(personas, criteria_set, ALL_MET)
        dossier = ready_to_submit(personas, criteria_set)
        dossier = move(dossier=dossier, action_name="submit", by=personas.commune_a)
        dossier = move(dossier=dossier, action_name="inspect", by=personas.district)
        dossier = move(dossier=dossier, action_name="appraise", by=personas.province)
        before = evaluation_for(personas.district_unit, district_set, YEAR)  # now cached
        assert before is not None and not before.met  # no commune of Trà Cú recognised yet
        move(
            dossier=dossier,
            action_name="decide",
            by=personas.province,
            decision_number="5/QĐ",
            decision_date=dt.date(2023, 12, 1),
        )
        after = evaluation_for(personas.district_unit, district_set, YEAR)
        # One of the two communes of Trà Cú (Ngãi Xuyên, Kim Sơn) is now recognised: 50%.
        assert after is not None and after.met
