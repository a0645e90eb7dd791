"""Overdue by stage end: a stage's deadline is compared with the moment the stage ended (the next
transition), or with now only while it is still open. A dossier decided in 2023 within its
deadlines is not overdue in 2026; one that stayed too long in a stage keeps that mark on its
history, not on its list row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from unittest import mock

import pytest
from django.conf import settings

from smartrural.criteria.models import CriteriaSet
from smartrural.recognition.deadlines import is_overdue, stage_overran
from smartrural.recognition.models import Dossier, Stage
from smartrural.recognition.selectors import late_transitions, overdue_q
from smartrural.recognition.services import (
    dossier_move,
    dossier_register,
)
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import TODAY, Clock, Personas

D = dt.date
SUBMITTED_DAYS = settings.RECOGNITION_STAGE_DAYS["submitted"]


@pytest.fixture
def criteria_set(db: None) -> CriteriaSet:
    return CriteriaSet.objects.create(code="QD318-XA", name="Xã NTM", unit_level="commune")


@pytest.fixture
def met() -> Iterator[object]:
    with mock.patch("smartrural.recognition.blockers._criteria_unmet", return_value=[]) as m:
        yield m


def submitted_on(
    personas: Personas, criteria_set: CriteriaSet, clock: Clock, day: dt.date
) -> Dossier:
    clock.set(day)
    dossier = dossier_register(
        unit=personas.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=2023,
        by=personas.commune_a,
    )
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
    surveyed_outside(dossier, by=personas.commune_a)
    return dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)


def decided(personas: Personas, dossier: Dossier, clock: Clock, *days: dt.date) -> Dossier:
    """Inspect, appraise and decide on ``days``."""
    inspect, appraise, decide = days
    clock.set(inspect)
    dossier = dossier_move(dossier=dossier, action_name="inspect", by=personas.district)
    clock.set(appraise)
    dossier = dossier_move(dossier=dossier, action_name="appraise", by=personas.province)
    clock.set(decide)
    return dossier_move(
        dossier=dossier,
        action_name="decide",
        by=personas.province,
        decision_number="12/QĐ-UBND",
        decision_date=decide,
        decision_signer="Chủ tịch UBND tỉnh",
    )


class StageOverranTests:
    def test_exactly_at_the_deadline_is_in_time_one_second_more_is_late(self) -> None:
        entered = dt.datetime(2023, 5, 1, 9, tzinfo=dt.UTC)
        due = entered + dt.timedelta(days=SUBMITTED_DAYS)
        assert not stage_overran("submitted", entered, ended_at=due)
        assert stage_overran("submitted", entered, ended_at=due + dt.timedelta(seconds=1))
        assert not stage_overran("submitted", entered, now=due)
        assert stage_overran("submitted", entered, now=due + dt.timedelta(seconds=1))

    def test_a_stage_that_ended_in_time_is_never_late_later(self) -> None:
        entered = dt.datetime(2023, 5, 1, 9, tzinfo=dt.UTC)
        ended = entered + dt.timedelta(days=3)
        years_later = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
        assert not stage_overran("submitted", entered, ended_at=ended, now=years_later)

    def test_a_stage_without_deadline_is_never_late(self) -> None:
        entered = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        assert not stage_overran("decided", entered, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


class DossierOverdueTests:
    def test_a_dossier_decided_in_2023_in_time_is_not_overdue_in_2026(
        self, personas: Personas, criteria_set: CriteriaSet, met: object, clock: Clock
    ) -> None:
        dossier = submitted_on(personas, criteria_set, clock, D(2023, 5, 1))
        dossier = decided(personas, dossier, clock, D(2023, 5, 10), D(2023, 6, 1), D(2023, 6, 20))
        clock.set(TODAY)
        dossier.refresh_from_db()
        assert dossier.stage == Stage.DECIDED
        assert not is_overdue(dossier)
        assert not Dossier.objects.filter(overdue_q()).exists()
        assert late_transitions(list(dossier.transitions.all())) == set()
        page = personas.client(personas.province).get("/dossiers/?year=2023").content.decode()
        assert ">quá hạn</span>" not in page

    def test_a_stage_that_overran_stays_marked_on_the_history_only(
        self, personas: Personas, criteria_set: CriteriaSet, met: object, clock: Clock
    ) -> None:
        dossier = submitted_on(personas, criteria_set, clock, D(2023, 5, 1))
        # inspected 40 days after submission: the inspection stage overran its deadline
        dossier = decided(personas, dossier, clock, D(2023, 6, 10), D(2023, 6, 20), D(2023, 7, 1))
        clock.set(TODAY)
        transitions = list(dossier.transitions.all())
        late = late_transitions(transitions)
        assert [t.to_stage for t in transitions if t.pk in late] == [Stage.INSPECTED]
        assert not is_overdue(dossier)
        client = personas.client(personas.province)
        assert ">quá hạn</span>" not in client.get("/dossiers/?year=2023").content.decode()
        detail = client.get(f"/dossiers/{dossier.pk}/").content.decode()
        assert detail.count(">quá hạn</span>") == 1

    def test_an_open_stage_is_compared_with_today(
        self, personas: Personas, criteria_set: CriteriaSet, met: object, clock: Clock
    ) -> None:
        dossier = submitted_on(personas, criteria_set, clock, D(2023, 5, 1))
        clock.set(D(2023, 5, 1) + dt.timedelta(days=SUBMITTED_DAYS - 1))
        assert not is_overdue(dossier)
        assert not Dossier.objects.filter(overdue_q()).exists()
        clock.set(D(2023, 5, 1) + dt.timedelta(days=SUBMITTED_DAYS + 1))
        assert is_overdue(dossier)
        assert Dossier.objects.filter(overdue_q()).count() == 1
        clock.set(TODAY)  # still waiting for its inspection in 2026: overdue, truly
        assert is_overdue(dossier)
        page = personas.client(personas.province).get("/dossiers/?year=2023").content.decode()
        assert ">quá hạn</span>" in page
