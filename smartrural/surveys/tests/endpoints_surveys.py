"""Survey pages' rows of the endpoint access matrix (smartrural/testing_matrix.py): the list, a
new survey, a survey's page, edit, open, close, history, its questions and paper sheets.

The data, made on first use in each test: a draft survey of Ngãi Xuyên (commune A) for 2023
with one question, and (for opening, closing and paper sheets) a survey of commune A whose
sample of Ấp Chợ's households is drawn. The paper sheet is entered today, so that survey's
period is moved around today after its sample was drawn (the persona units end in 2025).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

BASE = "/surveys/work/"


def _draft(p: Personas) -> tuple[int, int]:
    """Ids of commune A's draft survey and its question."""
    from smartrural.surveys.models import Survey
    from smartrural.surveys.services.surveys import question_add, survey_create

    from .factories import satisfaction

    survey = Survey.objects.filter(unit=p.commune_a_unit, status="draft", year=2023).first()
    if survey is None:
        survey = survey_create(
            unit=p.commune_a_unit,
            year=2023,
            title="Khảo sát sự hài lòng Ngãi Xuyên 2023",
            organiser="Ủy ban MTTQ Việt Nam xã Ngãi Xuyên",
            opens_on=dt.date(2023, 5, 1),
            closes_on=dt.date(2023, 6, 30),
            by=p.province,
        )
        question_add(survey=survey, spec=satisfaction("c1", None), by=p.province)
    question = survey.questions.get()
    return survey.pk, question.pk


def _sampled(p: Personas, *, opened: bool) -> int:
    """Id of commune A's survey with its sample drawn (open and taking answers today when
    ``opened``)."""
    from smartrural.core.dates import today
    from smartrural.surveys.models import Survey
    from smartrural.surveys.services.sampling import sample_draw

    from .factories import households, open_survey

    households(p.hamlet_a_unit, 3)
    if opened:
        survey = open_survey(p.commune_a_unit, by=p.province)
        Survey.objects.filter(pk=survey.pk).update(
            opens_on=today() - dt.timedelta(days=5), closes_on=today() + dt.timedelta(days=30)
        )
        return survey.pk
    survey_id, _question = _draft(p)
    survey = Survey.objects.get(pk=survey_id)
    sample_draw(survey=survey, by=p.province)
    return survey.pk


def survey_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"{BASE}{_draft(p)[0]}/{suffix}"


def question_url(suffix: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        survey, question = _draft(p)
        return f"{BASE}{survey}/questions/{question}/{suffix}"

    return build


def sampled_url(suffix: str, *, opened: bool) -> Callable[[Personas], str]:
    return lambda p: f"{BASE}{_sampled(p, opened=opened)}/{suffix}"


def _create_url(p: Personas) -> str:
    return f"{BASE}new/?unit={p.commune_a_unit.pk}"


READ = logged_in(200, commune_b=404, other_district=404)
WRITE_FORM = logged_in(200, viewer_a=403, resident=403)
# Commune A's unit is no choice of Kim Sơn's or Càng Long's officer: the form again (422).
CREATE = {**unit_write(302), "commune_b": 422, "other_district": 422}


EDIT_BODY: dict[str, object] = {
    "title": "Khảo sát sự hài lòng (sửa)",
    "organiser": "Ủy ban MTTQ Việt Nam xã Ngãi Xuyên",
    "criteria_set": "",
    "opens_on": "01/05/2023",
    "closes_on": "30/06/2023",
    "version": "1",
}
QUESTION_BODY: dict[str, object] = {
    "label": "Chị/anh hài lòng về đường giao thông?",
    "kind": "single",
    "required": "on",
    "choices": "Có\nKhông",
}
SHEET = {"c1": "satisfied", "c2": "satisfied"}


class _CreateEndpoint(Endpoint):
    """The create form's POST names commune A's unit by its id, known once personas exist."""

    def request(self, client: Client, url: str) -> Any:
        unit = url.rsplit("unit=", 1)[1]
        body = {
            "year": "2023",
            "unit": unit,
            "title": "Khảo sát 2023",
            "organiser": "",
            "criteria_set": "",
            "opens_on": "01/05/2023",
            "closes_on": "30/06/2023",
        }
        return client.post(url, data=body)


class _PaperEndpoint(Endpoint):
    """The paper sheet names Ấp Chợ by its id, known once personas exist."""

    def request(self, client: Client, url: str) -> Any:
        path, hamlet = url.split("?hamlet=")
        return client.post(path, data={"hamlet": hamlet, "household": "1", **SHEET})


def _paper_url(p: Personas) -> str:
    return f"{BASE}{_sampled(p, opened=True)}/paper/?hamlet={p.hamlet_a_unit.pk}"


ENDPOINTS: list[Endpoint] = [
    Endpoint("surveys:survey-list", "get", lambda p: BASE, logged_in(200)),
    Endpoint(
        "surveys:survey-list", "get", lambda p: f"{BASE}?year=2023&status=draft", logged_in(200)
    ),
    Endpoint("surveys:survey-create", "get", lambda p: f"{BASE}new/?year=2023", WRITE_FORM),
    _CreateEndpoint("surveys:survey-create", "post", _create_url, CREATE),
    Endpoint("surveys:survey-detail", "get", survey_url(), READ),
    Endpoint("surveys:survey-history", "get", survey_url("history/"), READ),
    Endpoint("surveys:survey-edit", "get", survey_url("edit/"), unit_write(200)),
    Endpoint("surveys:survey-edit", "post", survey_url("edit/"), unit_write(302), body=EDIT_BODY),
    Endpoint("surveys:survey-open", "post", sampled_url("open/", opened=False), unit_write(302)),
    Endpoint("surveys:survey-close", "post", sampled_url("close/", opened=True), unit_write(302)),
    Endpoint("surveys:question-list", "get", survey_url("questions/"), READ),
    Endpoint("surveys:question-add", "get", survey_url("questions/add/"), unit_write(200)),
    Endpoint(
        "surveys:question-add",
        "post",
        survey_url("questions/add/"),
        unit_write(302),
        body=QUESTION_BODY,
    ),
    Endpoint("surveys:question-edit", "get", question_url("edit/"), unit_write(200)),
    Endpoint(
        "surveys:question-edit", "post", question_url("edit/"), unit_write(302), body=QUESTION_BODY
    ),
    Endpoint("surveys:question-delete", "post", question_url("delete/"), unit_write(302)),
    Endpoint(
        "surveys:question-move",
        "post",
        question_url("move/"),
        unit_write(302),
        body={"direction": "down"},
    ),
    Endpoint("surveys:survey-paper", "get", sampled_url("paper/", opened=True), unit_write(200)),
    _PaperEndpoint("surveys:survey-paper", "post", _paper_url, unit_write(302)),
]

# Every page here is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
