"""The dossier workflow: who moves which step, conditions, history, recognitions.

The criteria check is the engine's job (tested in criteria); here it is one seam,
``_criteria_unmet``, set per test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.recognition.access import access_dossier_for_user, dossiers_for_user
from smartrural.recognition.deadlines import is_overdue
from smartrural.recognition.models import Recognition, Stage
from smartrural.recognition.permissions import available_actions
from smartrural.recognition.services import (
    dossier_move,
    dossier_register,
)
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import Personas

YEAR = 2023


@pytest.fixture
def criteria_set(db: None) -> CriteriaSet:
    return CriteriaSet.objects.create(code="QD318-XA", name="Xã NTM", unit_level="commune")


@pytest.fixture
def met() -> object:
    with mock.patch("smartrural.recognition.blockers._criteria_unmet", return_value=[]) as m:
        yield m


def register(personas: Personas, criteria_set: CriteriaSet):
    return dossier_register(
        unit=personas.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=YEAR,
        by=personas.commune_a,
    )


def to_submitted(personas: Personas, criteria_set: CriteriaSet):
    dossier = register(personas, criteria_set)
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
    surveyed_outside(dossier, by=personas.commune_a)
    return dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)


class DossierWorkflowTests:
    def test_the_full_path_ends_in_a_recognition_with_every_step_recorded(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        dossier = dossier_move(dossier=dossier, action_name="inspect", by=personas.district)
        dossier = dossier_move(dossier=dossier, action_name="appraise", by=personas.province)
        dossier = dossier_move(
            dossier=dossier,
            action_name="decide",
            by=personas.province,
            decision_number="1234/QĐ-UBND",
            decision_date=dt.date(2023, 12, 20),
            decision_signer="Chủ tịch UBND tỉnh",
        )
        dossier = dossier_move(dossier=dossier, action_name="announce", by=personas.province)
        assert dossier.stage == Stage.ANNOUNCED
        stages = list(dossier.transitions.values_list("to_stage", flat=True))
        assert stages == [
            "registered",
            "self_assessed",
            "submitted",
            "inspected",
            "appraised",
            "decided",
            "announced",
        ]
        assert [t.by for t in dossier.transitions.all()][-1] == personas.province
        recognition = Recognition.objects.get(unit=personas.commune_a_unit)
        assert (recognition.level, recognition.year, recognition.decision_number) == (
            "ntm",
            YEAR,
            "1234/QĐ-UBND",
        )

    def test_submitting_locks_the_values_and_returning_unlocks_them(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        value = IndicatorValue.objects.create(
            unit=personas.commune_a_unit,
            criteria_set=criteria_set,
            year=YEAR,
            indicator_code="3.1",
            value="85",
        )
        dossier = to_submitted(personas, criteria_set)
        value.refresh_from_db()
        assert value.status == ValueStatus.LOCKED
        dossier_move(
            dossier=dossier,
            action_name="return",
            by=personas.district,
            comment="Thiếu biên bản họp",
        )
        value.refresh_from_db()
        assert value.status == ValueStatus.ENTERED

    def test_a_criterion_not_met_blocks_the_submission_with_the_reason(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        with mock.patch(
            "smartrural.recognition.blockers._criteria_unmet", return_value=["Tiêu chí 3 chưa đạt."]
        ):
            dossier = register(personas, criteria_set)
            dossier = dossier_move(
                dossier=dossier, action_name="self_assess", by=personas.commune_a
            )
            surveyed_outside(dossier, by=personas.commune_a)
            with pytest.raises(ValidationFailed, match="Tiêu chí 3"):
                dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)
        dossier.refresh_from_db()
        assert dossier.stage == Stage.SELF_ASSESSED

    def test_satisfaction_must_be_recorded_and_high_enough(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = register(personas, criteria_set)
        dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
        with pytest.raises(ValidationFailed):
            dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)
        surveyed_outside(dossier, by=personas.commune_a, rate=Decimal("85"))
        with pytest.raises(ValidationFailed):
            dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)

    def test_a_commune_officer_cannot_approve_their_own_dossier(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        for action in ("inspect", "appraise", "decide"):
            with pytest.raises((Forbidden, ValidationFailed, Conflict)):
                dossier_move(dossier=dossier, action_name=action, by=personas.commune_a)
        assert [a.name for a in available_actions(personas.commune_a, dossier)] == []

    def test_the_province_cannot_skip_the_district_inspection(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        with pytest.raises(ValidationFailed, match="huyện"):
            dossier_move(dossier=dossier, action_name="appraise", by=personas.province)

    def test_a_return_needs_reasons(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        with pytest.raises(ValidationFailed):
            dossier_move(dossier=dossier, action_name="return", by=personas.district)

    def test_another_district_cannot_inspect(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        with pytest.raises(Forbidden):
            dossier_move(dossier=dossier, action_name="inspect", by=personas.other_district)

    def test_a_step_out_of_order_is_refused(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        dossier = register(personas, criteria_set)
        with pytest.raises(Conflict):
            dossier_move(
                dossier=dossier,
                action_name="decide",
                by=personas.province,
                decision_number="1",
                decision_date=dt.date(2023, 1, 1),
            )

    def test_revocation_keeps_the_recognition_with_its_reason(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        dossier = dossier_move(dossier=dossier, action_name="inspect", by=personas.district)
        dossier = dossier_move(dossier=dossier, action_name="appraise", by=personas.province)
        dossier = dossier_move(
            dossier=dossier,
            action_name="decide",
            by=personas.province,
            decision_number="9/QĐ",
            decision_date=dt.date(2023, 12, 1),
        )
        dossier_move(
            dossier=dossier,
            action_name="revoke",
            by=personas.province,
            comment="Không còn đạt tiêu chí 17",
        )
        recognition = Recognition.objects.get(unit=personas.commune_a_unit)
        assert recognition.revoked_at is not None
        assert "17" in recognition.revocation_reason

    def test_a_dossier_overdue_in_its_stage_is_flagged(
        self, personas: Personas, criteria_set: CriteriaSet, met: object
    ) -> None:
        dossier = to_submitted(personas, criteria_set)
        assert not is_overdue(dossier)
        assert is_overdue(dossier, now=dossier.stage_entered_at + dt.timedelta(days=21))


class DossierRegistrationTests:
    def test_the_unit_registers_once_per_level_and_year(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        register(personas, criteria_set)
        with pytest.raises(Conflict):
            register(personas, criteria_set)

    def test_another_commune_cannot_register_for_it(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        with pytest.raises(Forbidden):
            dossier_register(
                unit=personas.commune_a_unit,
                target_level="ntm",
                criteria_set=criteria_set,
                year=YEAR,
                by=personas.commune_b,
            )

    def test_a_district_level_does_not_fit_a_commune(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        with pytest.raises(ValidationFailed):
            dossier_register(
                unit=personas.commune_a_unit,
                target_level="district_ntm",
                criteria_set=criteria_set,
                year=YEAR,
                by=personas.commune_a,
            )


class DossierAccessTests:
    def test_the_wrong_commune_gets_404_and_read_only_gets_403(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        dossier = register(personas, criteria_set)
        with pytest.raises(Http404):
            access_dossier_for_user(personas.commune_b, dossier.pk)
        with pytest.raises(PermissionDenied):
            access_dossier_for_user(personas.viewer_a, dossier.pk, write=True)
        assert access_dossier_for_user(personas.district, dossier.pk, write=True) == dossier
        assert list(dossiers_for_user(personas.other_district)) == []
