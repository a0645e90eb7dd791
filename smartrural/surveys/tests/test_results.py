"""The results computed from stored answers: counts, shares with their interval, areas, rules
at and around their thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from smartrural.testing import Personas

from ..models import Survey
from ..results import survey_results
from ..services.sampling import sample_draw
from ..services.surveys import question_add, survey_create, survey_open
from ..specs import ChoiceSpec, QuestionSpec
from .factories import CLOSES, OPENS, households, open_survey, satisfaction
from .results_support import NO, VERY, YES, answer, hamlet_b, rules, scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas: Personas) -> Survey:
    households(personas.hamlet_a_unit, 10)
    return open_survey(personas.commune_a_unit, by=personas.commune_a)


class CommuneResultsTests:
    def test_nothing_answered_gives_empty_figures_and_unmet_rules(self, survey: Survey) -> None:
        with translation.override("en"):
            results = survey_results(survey)
        assert not results.has_answers
        assert results.overall.total == 0 and results.overall.text() == "—"
        assert (results.households, results.sampled, results.answered) == (10, 10, 0)
        assert not results.met
        assert "No satisfaction answer yet." in results.reasons

    def test_counts_shares_and_coverage(self, survey: Survey, personas: Personas) -> None:
        answer(
            survey,
            personas.hamlet_a_unit,
            [scale(YES, YES, y_kien="Ông Ba nói tốt")] * 6
            + [scale(VERY, NO)] * 2
            + [scale(NO, NO)] * 1,
        )
        results = survey_results(survey)
        c1 = next(q for q in results.questions if q.name == "c1")
        assert [(c.count, c.satisfied) for c in c1.choices] == [(2, True), (6, True), (1, False)]
        assert c1.answered == 9
        assert [(c.number, c.share.satisfied, c.share.total) for c in results.contents] == [
            (1, 8, 9),
            (2, 6, 9),
        ]
        # Overall: pooled over the 18 scale answers.
        assert (results.overall.satisfied, results.overall.total) == (14, 18)
        assert results.answered == 9 and results.coverage == 90.0
        assert results.coverage_of_sample == 90.0
        comment = next(q for q in results.questions if q.name == "y_kien")
        assert comment.answered == 6 and comment.choices == []

    def test_a_share_prints_with_its_interval_and_a_decimal_comma(
        self, survey: Survey, personas: Personas
    ) -> None:
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 8 + [scale(NO, YES)] * 2)
        content = survey_results(survey).contents[0]
        with translation.override("vi"):
            assert content.share.text() == "80,0% (khoảng tin cậy 95%: 49,0–94,3%)"
        with translation.override("en"):
            assert content.share.text() == "80.0% (95% CI: 49.0–94.3%)"

    def test_a_value_exactly_at_each_threshold_meets_it(
        self, survey: Survey, personas: Personas
    ) -> None:
        rules(survey, overall_min="80", content_min="80", coverage_min="100")
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 8 + [scale(NO, NO)] * 2)
        results = survey_results(survey)
        assert [(r.code, r.met) for r in results.rules] == [
            ("overall_min", True),
            ("content_min", True),
            ("coverage_min", True),
        ]
        assert results.met and results.reasons == []

    def test_just_below_a_threshold_fails_with_a_plain_reason(
        self, survey: Survey, personas: Personas
    ) -> None:
        rules(survey, overall_min="80.01", content_min="80.01", coverage_min="100")
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 8 + [scale(NO, NO)] * 2)
        with translation.override("en"):
            results = survey_results(survey)
        assert [(r.code, r.met) for r in results.rules] == [
            ("overall_min", False),
            ("content_min", False),
            ("coverage_min", True),
        ]
        assert results.reasons == [
            "Satisfied overall 80.0% < 80.01%.",
            "content 1: 80.0% < 80.01%; content 2: 80.0% < 80.01%",
        ]

    def test_a_content_below_its_minimum_is_named(self, survey: Survey, personas: Personas) -> None:
        rules(survey, content_min="80")
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 7 + [scale(YES, NO)] * 3)
        with translation.override("en"):
            results = survey_results(survey)
        assert results.rules[1].reason == "content 2: 70.0% < 80%"
        with translation.override("vi"):
            assert "70,0%" in survey_results(survey).rules[1].reason

    def test_coverage_below_its_minimum_is_explained(
        self, survey: Survey, personas: Personas
    ) -> None:
        rules(survey, coverage_min="70")
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)] * 6)
        with translation.override("en"):
            results = survey_results(survey)
        assert results.rules[2].reason == "6 of 10 households answered (60.0% < 70%)."
        answer(survey, personas.hamlet_a_unit, [scale(YES, YES)])
        assert survey_results(survey).rules[2].met  # 7 of 10: exactly 70%

    def test_a_multiple_choice_question_counts_a_household_once(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = survey_create(
            unit=personas.commune_a_unit,
            year=2023,
            title="Khảo sát",
            organiser="MTTQ",
            opens_on=OPENS,
            closes_on=CLOSES,
            rules={"sample_share": Decimal(100)},
            by=None,
        )
        question_add(survey=survey, spec=satisfaction("c1", 1), by=None)
        question_add(
            survey=survey,
            spec=QuestionSpec(
                name="kenh",
                label="Kênh thông tin",
                kind="multiple",
                required=False,
                choices=(ChoiceSpec("loa", "Loa"), ChoiceSpec("zalo", "Zalo")),
            ),
            by=None,
        )
        sample_draw(survey=survey, by=None)
        survey = survey_open(survey=survey, version=survey.version, by=None)
        answer(
            survey,
            personas.hamlet_a_unit,
            [{"c1": YES, "kenh": ["loa", "zalo"]}, {"c1": YES, "kenh": ["zalo"]}, {"c1": NO}],
        )
        kenh = next(q for q in survey_results(survey).questions if q.name == "kenh")
        assert kenh.answered == 2
        assert [c.count for c in kenh.choices] == [1, 2]

    def test_it_takes_a_fixed_number_of_queries(self, survey: Survey, personas: Personas) -> None:
        answer(survey, personas.hamlet_a_unit, [scale(YES, NO)] * 3)
        with CaptureQueriesContext(connection) as few:
            survey_results(survey)
        answer(survey, personas.hamlet_a_unit, [scale(YES, NO)] * 7)
        with CaptureQueriesContext(connection) as many:
            survey_results(survey)
        assert len(few) == len(many) <= 7


class DistrictResultsTests:
    @pytest.fixture
    def district_survey(self, personas: Personas) -> Survey:
        kim = hamlet_b(personas.commune_b_unit)
        households(personas.hamlet_a_unit, 10)
        households(kim, 10)
        survey = open_survey(personas.district_unit, by=personas.district)
        return rules(survey, overall_min="90", content_min="80", coverage_min="70")

    def test_hamlets_are_grouped_by_commune(
        self, district_survey: Survey, personas: Personas
    ) -> None:
        kim = district_survey.frames.exclude(hamlet=personas.hamlet_a_unit).get().hamlet
        answer(district_survey, personas.hamlet_a_unit, [scale(YES, YES)] * 10)
        answer(district_survey, kim, [scale(YES, YES)] * 7 + [scale(NO, YES)])
        results = survey_results(district_survey)
        assert results.is_district
        assert {c.name: (c.answered, c.households) for c in results.communes} == {
            "Xã Ngãi Xuyên": (10, 10),
            "Xã Kim Sơn": (8, 10),
        }
        assert results.answered == 18 and results.households == 20

    def test_each_content_must_pass_in_every_commune(
        self, district_survey: Survey, personas: Personas
    ) -> None:
        kim = district_survey.frames.exclude(hamlet=personas.hamlet_a_unit).get().hamlet
        answer(district_survey, personas.hamlet_a_unit, [scale(YES, YES)] * 10)
        # Kim Sơn: 7 of 10 on content 1; the district pooled is 17 of 20 (85%).
        answer(district_survey, kim, [scale(YES, YES)] * 7 + [scale(NO, YES)] * 3)
        with translation.override("en"):
            results = survey_results(district_survey)
        assert results.contents[0].share.satisfied == 17
        content_rule = results.rules[1]
        assert not content_rule.met
        assert content_rule.reason == "Xã Kim Sơn, content 1: 70.0% < 80%"
        assert "Ngãi Xuyên" not in content_rule.reason

    def test_a_filter_on_one_commune_keeps_its_hamlets_only(
        self, district_survey: Survey, personas: Personas
    ) -> None:
        kim = district_survey.frames.exclude(hamlet=personas.hamlet_a_unit).get().hamlet
        answer(district_survey, personas.hamlet_a_unit, [scale(YES, YES)] * 4)
        answer(district_survey, kim, [scale(NO, NO)] * 2)
        results = survey_results(district_survey, unit_id=personas.commune_b_unit.pk)
        assert results.overall.satisfied == 0 and results.overall.total == 4
        assert [h.name for h in results.hamlets] == ["Ấp Kim"]
        assert results.answered == 2 and results.households == 10
        # The rules stay those of the whole survey.
        assert results.rules == survey_results(district_survey).rules
