"""The results page as an officer reads it: the interval with a decimal comma, the rules, the
charts, the area filter, the empty state, and nothing of any household."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from smartrural.testing import Clock, Personas

from ..models import Survey
from ..services.surveys import survey_close
from .factories import households, open_survey
from .results_support import NO, YES, answer, hamlet_b, rules, scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas: Personas) -> Survey:
    households(personas.hamlet_a_unit, 10)
    return open_survey(personas.commune_a_unit, by=personas.commune_a)


def url(survey: Survey, suffix: str = "results/") -> str:
    return f"/surveys/work/{survey.pk}/{suffix}"


class ResultsPageTests:
    def test_before_any_answer_it_says_so(self, survey: Survey, personas: Personas) -> None:
        with translation.override("en"):
            page = personas.client(personas.commune_a).get(url(survey), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert page.context["data"].has_answers is False
        assert b"<svg" not in page.content

    def test_it_shows_the_share_with_its_interval_and_the_rules(
        self, survey: Survey, personas: Personas
    ) -> None:
        rules(survey, overall_min="90", content_min="80", coverage_min="70")
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 8 + [scale(NO, YES)] * 2)
        page = personas.client(personas.viewer_a).get(url(survey))
        html = page.content.decode()
        assert page.status_code == 200
        # Content 1: 8 of 10; Vietnamese decimal comma.
        assert "80,0% (khoảng tin cậy 95%: 49,0–94,3%)" in html
        assert "90,0% (khoảng tin cậy 95%" in html  # overall: 18 of 20
        rules_met = [(r.code, r.met) for r in page.context["data"].rules]
        assert rules_met == [("overall_min", True), ("content_min", True), ("coverage_min", True)]
        assert html.count("<svg") == 2

    def test_a_rule_not_met_is_shown_with_its_reason(
        self, survey: Survey, personas: Personas
    ) -> None:
        rules(survey, content_min="80")
        answer(survey, personas.hamlet_a_unit, [scale(YES, NO)] * 7 + [scale(YES, YES)] * 3)
        html = personas.client(personas.commune_a).get(url(survey)).content.decode()
        assert "nội dung 2 đạt 30,0% &lt; 80%" in html

    def test_no_household_data_and_no_text_answer_appear(
        self, survey: Survey, personas: Personas
    ) -> None:
        answer(
            survey,
            personas.hamlet_a_unit,
            [scale(YES, YES, y_kien="Ông Tư Lành nói đường xấu")] * 3,
        )
        html = personas.client(personas.commune_a).get(url(survey)).content.decode()
        assert "Ông Tư Lành" not in html
        assert "Chủ hộ" not in html
        for code in survey.members.values_list("code", flat=True):
            assert code not in html
        comment = next(q for q in survey.questions.all() if q.name == "y_kien")
        assert comment.label in html  # the question is there, with its count only

    def test_text_in_the_svg_is_escaped(self, personas: Personas) -> None:
        from smartrural.geo.models import AdministrativeUnit

        AdministrativeUnit.objects.filter(pk=personas.hamlet_a_unit.pk).update(
            name='Ấp "><svg onload=alert(1)>'
        )
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(personas.commune_a_unit)
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 2)
        html = personas.client(personas.commune_a).get(url(survey)).content.decode()
        assert "<svg onload" not in html
        assert "&lt;svg onload=alert(1)&gt;" in html

    def test_a_district_survey_filters_by_commune(self, personas: Personas) -> None:
        kim = hamlet_b(personas.commune_b_unit)
        households(personas.hamlet_a_unit, 4)
        households(kim, 4)
        survey = open_survey(personas.district_unit)
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 4)
        answer(survey, kim, [scale(NO, NO)] * 2)
        client = personas.client(personas.district)
        whole = client.get(url(survey)).context["data"]
        assert [c.name for c in whole.communes] == ["Xã Ngãi Xuyên", "Xã Kim Sơn"]
        page = client.get(url(survey), {"area": personas.commune_b_unit.pk})
        assert page.status_code == 200
        data = page.context["data"]
        assert (data.overall.satisfied, data.overall.total) == (0, 4)
        assert "Xã Kim Sơn" in page.context["title"]
        assert client.get(url(survey), {"area": 999999}).status_code == 422

    def test_the_page_takes_the_same_queries_for_few_or_many_answers(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        answer(survey, personas.hamlet_a_unit, [scale(YES, NO)] * 2)
        client.get(url(survey))
        with CaptureQueriesContext(connection) as few:
            assert client.get(url(survey)).status_code == 200
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES, y_kien="x")] * 8)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url(survey)).status_code == 200
        assert len(few) == len(many)
        assert len(many) <= 20, [q["sql"] for q in many.captured_queries]

    def test_a_closed_2023_survey_and_one_open_now_both_show(
        self, survey: Survey, personas: Personas, clock: Clock
    ) -> None:
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 5)
        survey_close(survey=survey, version=survey.version, by=personas.commune_a)
        client = personas.client(personas.commune_a)
        assert client.get(url(survey)).status_code == 200
        clock.set(dt.date(2025, 6, 10))
        current = open_survey(
            personas.commune_a_unit,
            share=Decimal(50),
            opens_on=dt.date(2025, 6, 1),
            closes_on=dt.date(2025, 6, 29),
        )
        page = client.get(url(current))
        assert page.status_code == 200
        assert page.context["data"].sampled == 5
        assert page.context["data"].has_answers is False
