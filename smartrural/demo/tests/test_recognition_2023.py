"""On 01/06/2023 (the seed article's day) the demo's story shows the article's figures,
computed from the data the services stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import summary
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Dossier, Recognition
from smartrural.reports.tests.results_data import assert_public_figures_2023
from smartrural.testing import IN_2023, clock_at


@pytest.fixture
def province(demo_2023: None, db: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.valid_on(dt.date(2023, 6, 1)).get(code="84")


def figures(code: str, province: AdministrativeUnit) -> dict:
    return summary(criteria_set=CriteriaSet.objects.get(code=code), year=2023, parent=province)


@pytest.mark.django_db
class DemoStatusTests:
    def test_82_of_85_communes_are_recognised_and_3_wait_for_the_decision(
        self, province: AdministrativeUnit
    ) -> None:
        data = figures("QD318-XA", province)
        assert (data["total"], data["recognised"]["ntm"]) == (85, 82)
        assert data["meetingAll"] == 85
        assert data["meetingNotRecognised"] == 3
        assert data["dossiersInProgress"] == {"appraised": 3}
        waiting = Dossier.objects.filter(stage="appraised", target_level="ntm")
        assert sorted(d.unit.code for d in waiting) == ["29479", "29482", "29488"]

    def test_27_communes_are_advanced_and_12_advanced_dossiers_are_under_way(
        self, province: AdministrativeUnit
    ) -> None:
        data = figures("QD318-XA-NC", province)
        assert data["recognised"]["advanced"] == 27
        assert sum(data["dossiersInProgress"].values()) == 12

    def test_6_of_9_districts_are_recognised_and_2_meet_all_criteria_waiting(
        self, province: AdministrativeUnit
    ) -> None:
        data = figures("QD320-HUYEN", province)
        # Four huyện NTM; thành phố Trà Vinh and thị xã Duyên Hải completed the NTM task.
        assert data["total"] == 9
        assert data["recognised"] == {"district_ntm": 4, "town_completed": 2}
        assert data["meetingNotRecognised"] == 2
        assert data["dossiersInProgress"] == {"appraised": 2}

    def test_the_three_trà_cú_communes_did_not_meet_every_criterion_before_2023(
        self, province: AdministrativeUnit
    ) -> None:
        ntm = CriteriaSet.objects.get(code="QD318-XA")
        data = summary(criteria_set=ntm, year=2022, parent=province)
        assert data["meetingAll"] == 82

    def test_every_recognition_was_made_by_a_decision_of_the_workflow(
        self, province: AdministrativeUnit
    ) -> None:
        recognitions = Recognition.objects.select_related("dossier")
        assert recognitions.count() == 82 + 27 + 6
        for recognition in recognitions:
            dossier = recognition.dossier
            assert dossier is not None
            stages = list(dossier.transitions.values_list("to_stage", flat=True))
            assert "decided" in stages
            assert recognition.decision_number

    def test_district_conditions_are_computed_from_the_communes_recognitions(
        self, province: AdministrativeUnit
    ) -> None:
        from smartrural.criteria.selectors import evaluation_detail

        district_set = CriteriaSet.objects.get(code="QD320-HUYEN")
        on = dt.date(2023, 6, 1)
        tra_cu = AdministrativeUnit.objects.valid_on(on).get(code="849")
        found = evaluation_detail(tra_cu, district_set, 2023)
        assert found is not None
        conditions = {i.code: i for c in found[0].conditions for i in c.indicators}
        # 12 of Trà Cú's 15 xã were recognised by 2023: the typed value does not count.
        assert conditions["DK.1"].value == "80"
        assert conditions["DK.1"].met is False
        assert not found[0].met

    def test_an_anonymous_visitor_reads_82_85_27_and_6_9_on_the_public_page_and_the_api(
        self, province: AdministrativeUnit
    ) -> None:
        with clock_at(IN_2023):
            assert_public_figures_2023(Client())
