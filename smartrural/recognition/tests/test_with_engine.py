"""The dossier workflow against the real evaluation engine and stored values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.criteria.tests.factories import ALL_MET, stored_set
from smartrural.criteria.values import indicator_value_submit
from smartrural.recognition.models import Stage
from smartrural.recognition.services import dossier_move, dossier_register, dossier_set_satisfaction
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
    return dossier_set_satisfaction(dossier=dossier, rate=Decimal("95"), by=personas.commune_a)


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
