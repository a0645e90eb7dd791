"""The question builder: questions grouped by content, added with choices typed as labels (names
made from them), a scale given its choices, changed, removed and moved while the survey is a
draft; read-only officers see the questions without buttons and may not write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services.sets import load_national_sets
from smartrural.testing import Personas

from ..forms.surveys import name_from_label
from ..models import Question, Survey
from ..services.surveys import question_add, survey_create
from ..specs import QuestionSpec
from .factories import households, open_survey, satisfaction

pytestmark = pytest.mark.django_db


def _client(p: Personas, user: Any) -> Client:
    client = p.client(user)
    client.cookies["django_language"] = "en"
    return client


def _text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def survey(personas: Personas) -> Survey:
    load_national_sets()
    commune_set = CriteriaSet.objects.get(code="QD318-XA")
    return survey_create(
        unit=personas.commune_a_unit,
        year=2023,
        title="Khảo sát 2023",
        organiser="Ủy ban MTTQ",
        opens_on=dt.date(2023, 5, 1),
        closes_on=dt.date(2023, 6, 30),
        criteria_set=commune_set,
        by=personas.province,
    )


def _url(survey: Survey, suffix: str = "") -> str:
    return f"/surveys/work/{survey.pk}/questions/{suffix}"


def _body(**overrides: str) -> dict[str, str]:
    return {
        "label": "Chị/anh hài lòng về đường giao thông?",
        "hint": "",
        "kind": "single",
        "content": "2",
        "required": "on",
        "choices": "Có\nKhông\nKhông biết",
        **overrides,
    }


class NameFromLabelTests:
    def test_it_folds_the_label_and_keeps_names_unique(self) -> None:
        assert name_from_label("Mức độ hài lòng", []) == "muc_do_hai_long"
        assert name_from_label("Mức độ hài lòng", ["muc_do_hai_long"]) == "muc_do_hai_long_2"
        assert name_from_label("Đường", []) == "duong"
        assert name_from_label("2 con", [], fallback="c") == "c_2_con"
        assert name_from_label("???", [], fallback="c") == "c"


class QuestionAddTests:
    def test_choices_typed_as_lines_get_names_from_their_labels(
        self, personas: Personas, survey: Survey
    ) -> None:
        response = _client(personas, personas.commune_a).post(_url(survey, "add/"), _body())
        assert response.status_code == 302
        question = Question.objects.get()
        assert question.name == "chi_anh_hai_long_ve_duong_giao_thong"
        assert question.content == 2
        assert [(c.name, c.label) for c in question.choices.all()] == [
            ("co", "Có"),
            ("khong", "Không"),
            ("khong_biet", "Không biết"),
        ]

    def test_a_scale_gets_the_satisfaction_scale_whatever_is_typed(
        self, personas: Personas, survey: Survey
    ) -> None:
        _client(personas, personas.commune_a).post(
            _url(survey, "add/"), _body(kind="scale", choices="Tốt\nXấu")
        )
        question = Question.objects.get()
        assert [(c.name, c.satisfied) for c in question.choices.all()] == [
            ("very_satisfied", True),
            ("satisfied", True),
            ("not_satisfied", False),
        ]

    def test_a_choice_question_without_choices_is_refused(
        self, personas: Personas, survey: Survey
    ) -> None:
        response = _client(personas, personas.commune_a).post(
            _url(survey, "add/"), _body(choices="\n  \n")
        )
        assert response.status_code == 422
        assert "one per line" in _text(response)
        assert not Question.objects.exists()

    def test_a_number_question_takes_no_choices(self, personas: Personas, survey: Survey) -> None:
        response = _client(personas, personas.commune_a).post(
            _url(survey, "add/"), _body(kind="number", choices="", label="Số người trong hộ")
        )
        assert response.status_code == 302
        question = Question.objects.get()
        assert (question.kind, question.choices.count()) == ("number", 0)

    def test_the_same_label_twice_gets_a_second_name(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = _client(personas, personas.commune_a)
        client.post(_url(survey, "add/"), _body(kind="text", choices=""))
        client.post(_url(survey, "add/"), _body(kind="text", choices=""))
        assert list(Question.objects.values_list("name", flat=True)) == [
            "chi_anh_hai_long_ve_duong_giao_thong",
            "chi_anh_hai_long_ve_duong_giao_thong_2",
        ]

    def test_a_content_not_in_the_set_is_refused(self, personas: Personas, survey: Survey) -> None:
        response = _client(personas, personas.commune_a).post(
            _url(survey, "add/"), _body(content="99")
        )
        assert response.status_code == 422
        assert not Question.objects.exists()

    def test_an_open_survey_refuses_new_questions(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(personas.commune_a_unit, by=personas.province)
        response = _client(personas, personas.commune_a).post(
            _url(survey, "add/"), _body(content="")
        )
        assert response.status_code == 409
        assert "only while the survey is a draft" in _text(response)
        assert survey.questions.count() == 3


class QuestionListTests:
    def test_questions_are_grouped_by_content_with_the_criterion_name(
        self, personas: Personas, survey: Survey
    ) -> None:
        question_add(survey=survey, spec=satisfaction("c2", 2), by=None)
        question_add(survey=survey, spec=satisfaction("c2b", 2), by=None)
        question_add(survey=survey, spec=satisfaction("c5", 5), by=None)
        page = _text(_client(personas, personas.commune_a).get(_url(survey)))
        assert page.count('class="question-group"') == 2
        assert "Content 2: " in page and "Content 5: " in page
        assert "Add a question" in page

    def test_a_viewer_sees_the_questions_without_buttons_and_may_not_write(
        self, personas: Personas, survey: Survey
    ) -> None:
        question = question_add(survey=survey, spec=satisfaction("c2", 2), by=None)
        client = _client(personas, personas.viewer_a)
        page = _text(client.get(_url(survey)))
        assert "Mức độ hài lòng về nội dung 2" in page
        assert "Add a question" not in page and "Remove" not in page
        assert client.get(_url(survey, "add/")).status_code == 403
        assert client.post(_url(survey, f"{question.pk}/delete/")).status_code == 403
        assert client.post(_url(survey, f"{question.pk}/move/")).status_code == 403
        assert Question.objects.count() == 1

    def test_hostile_labels_are_escaped(self, personas: Personas, survey: Survey) -> None:
        question_add(
            survey=survey,
            spec=QuestionSpec(name="x", label="<script>alert(1)</script>", kind="text"),
            by=None,
        )
        page = _text(_client(personas, personas.commune_a).get(_url(survey)))
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page


class QuestionEditTests:
    def test_it_changes_the_question_and_its_choices_keeping_its_name(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = _client(personas, personas.commune_a)
        client.post(_url(survey, "add/"), _body())
        question = Question.objects.get()
        form = client.get(_url(survey, f"{question.pk}/edit/"))
        assert "Có\nKhông\nKhông biết" in _text(form)
        response = client.post(
            _url(survey, f"{question.pk}/edit/"),
            _body(label="Đường có tốt không?", choices="Tốt\nChưa tốt", required=""),
        )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.name == "chi_anh_hai_long_ve_duong_giao_thong"
        assert (question.label, question.required) == ("Đường có tốt không?", False)
        assert list(question.choices.values_list("name", flat=True)) == ["tot", "chua_tot"]

    def test_a_question_of_another_survey_is_not_found(
        self, personas: Personas, survey: Survey
    ) -> None:
        other = survey_create(
            unit=personas.commune_a_unit,
            year=2024,
            title="Khác",
            organiser="MTTQ",
            opens_on=dt.date(2024, 5, 1),
            closes_on=dt.date(2024, 6, 1),
            by=None,
        )
        question = question_add(survey=other, spec=satisfaction("c1", None), by=None)
        client = _client(personas, personas.commune_a)
        assert client.get(_url(survey, f"{question.pk}/edit/")).status_code == 404


class QuestionDeleteAndMoveTests:
    def test_it_moves_up_and_down_and_the_ends_stay(
        self, personas: Personas, survey: Survey
    ) -> None:
        first = question_add(survey=survey, spec=satisfaction("a", 2), by=None)
        second = question_add(survey=survey, spec=satisfaction("b", 2), by=None)
        third = question_add(survey=survey, spec=satisfaction("c", 2), by=None)
        client = _client(personas, personas.commune_a)

        def order() -> list[str]:
            return list(survey.questions.order_by("position").values_list("name", flat=True))

        assert (
            client.post(_url(survey, f"{third.pk}/move/"), {"direction": "up"}).status_code == 302
        )
        assert order() == ["a", "c", "b"]
        client.post(_url(survey, f"{first.pk}/move/"), {"direction": "up"})
        assert order() == ["a", "c", "b"]
        client.post(_url(survey, f"{second.pk}/move/"), {"direction": "down"})
        assert order() == ["a", "c", "b"]
        client.post(_url(survey, f"{first.pk}/move/"), {"direction": "down"})
        assert order() == ["c", "a", "b"]

    def test_it_deletes_and_closes_up(self, personas: Personas, survey: Survey) -> None:
        first = question_add(survey=survey, spec=satisfaction("a", 2), by=None)
        question_add(survey=survey, spec=satisfaction("b", 2), by=None)
        response = _client(personas, personas.commune_a).post(_url(survey, f"{first.pk}/delete/"))
        assert response.status_code == 302
        assert list(survey.questions.values_list("name", "position")) == [("b", 1)]

    def test_an_open_surveys_questions_are_not_deleted(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(personas.commune_a_unit, by=personas.province)
        question = survey.questions.first()
        assert question is not None
        response = _client(personas, personas.commune_a).post(
            _url(survey, f"{question.pk}/delete/")
        )
        assert response.status_code == 409
        assert survey.questions.count() == 3
