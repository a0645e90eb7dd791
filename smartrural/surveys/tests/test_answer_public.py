"""Residents answer with their household's code (/khao-sat/): no login, the survey, organiser,
hamlet and period shown and never the household; an unknown or used code, a survey not open or
over: a clear message, a 4xx status and nothing counted; wrong codes are rate-limited per
address; CSRF is checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from smartrural.testing import Clock, Personas

from ..models import Channel, Response, SampleMember, Survey
from ..services.surveys import survey_close
from .factories import CLOSES, OPENS, households, open_survey

pytestmark = pytest.mark.django_db

SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}


def _text(response: Any) -> str:
    return response.content.decode()


def _en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def survey(personas: Personas, clock: Clock) -> Survey:
    households(personas.hamlet_a_unit, 3)
    survey = open_survey(personas.commune_a_unit, by=personas.province)
    clock.set(OPENS + dt.timedelta(days=10))
    return survey


def _member(survey: Survey) -> SampleMember:
    member = survey.members.select_related("household").order_by("pk").first()
    assert member is not None
    return member


class AnswerStartTests:
    def test_the_code_page_needs_no_login(self, survey: Survey) -> None:
        response = Client().get("/khao-sat/")
        assert response.status_code == 200
        assert 'name="code"' in _text(response)

    def test_a_typed_code_leads_to_its_form_whatever_its_spelling(self, survey: Survey) -> None:
        code = _member(survey).code
        typed = f" {code[:4].lower()}-{code[4:]} "
        response = Client().get("/khao-sat/", {"code": typed})
        assert response.status_code == 302
        assert response["Location"] == f"/khao-sat/{code}/"

    def test_a_code_of_the_wrong_shape_is_refused_on_the_form(self, survey: Survey) -> None:
        response = _en(Client()).get("/khao-sat/", {"code": "abc"})
        assert response.status_code == 422
        assert "8 letters and digits" in _text(response)


class AnswerFormTests:
    def test_the_form_shows_the_survey_and_hamlet_but_not_the_household(
        self, personas: Personas, survey: Survey
    ) -> None:
        member = _member(survey)
        response = _en(Client()).get(f"/khao-sat/{member.code}/")
        assert response.status_code == 200
        page = _text(response)
        assert survey.title in page and survey.organiser in page
        assert "Ấp Chợ" in page and "01/05/2023" in page and "30/06/2023" in page
        assert member.household.head_name not in page and "Chủ hộ" not in page
        assert 'data-question="c1"' in page
        assert response["Cache-Control"] == "private, no-store"
        assert response["Referrer-Policy"] == "same-origin"

    def test_anonymous_answers_once_and_is_thanked(self, survey: Survey) -> None:
        member = _member(survey)
        client = _en(Client())
        response = client.post(f"/khao-sat/{member.code}/", {**SATISFIED, "y_kien": "Tốt"})
        assert response.status_code == 302
        assert response["Location"] == "/khao-sat/cam-on/"
        thanks = client.get("/khao-sat/cam-on/")
        assert thanks.status_code == 200 and 'id="thanks"' in _text(thanks)
        member.refresh_from_db()
        assert (member.answered_on, member.channel, member.entered_by) == (
            OPENS + dt.timedelta(days=10),
            Channel.WEB,
            None,
        )
        assert Response.objects.get().answers.count() == 3

    def test_a_resident_logged_in_answers_too(self, personas: Personas, survey: Survey) -> None:
        member = _member(survey)
        response = personas.client(personas.resident).post(f"/khao-sat/{member.code}/", SATISFIED)
        assert response.status_code == 302
        assert Response.objects.count() == 1

    def test_a_used_code_is_refused_and_counts_once(self, survey: Survey) -> None:
        member = _member(survey)
        client = _en(Client())
        client.post(f"/khao-sat/{member.code}/", SATISFIED)
        for response in (
            client.get(f"/khao-sat/{member.code}/"),
            client.post(f"/khao-sat/{member.code}/", SATISFIED),
        ):
            assert response.status_code == 409
            assert "already been used" in _text(response)
            assert member.household.number not in _text(response).split('id="refusal"')[1][:200]
        assert Response.objects.count() == 1

    def test_an_unknown_code_is_404_and_nothing_counts(self, survey: Survey) -> None:
        response = _en(Client()).get("/khao-sat/ABCDEFGH/")
        assert response.status_code == 404
        assert "No survey sheet has this code" in _text(response)
        assert 'name="code"' in _text(response)

    def test_an_unfinished_form_is_shown_again_with_the_question(self, survey: Survey) -> None:
        member = _member(survey)
        response = _en(Client()).post(f"/khao-sat/{member.code}/", {"c1": "satisfied"})
        assert response.status_code == 422
        assert "needs an answer" in _text(response)
        assert not Response.objects.exists()
        member.refresh_from_db()
        assert member.answered_on is None

    def test_a_choice_not_of_the_form_is_refused(self, survey: Survey) -> None:
        member = _member(survey)
        response = Client().post(f"/khao-sat/{member.code}/", {**SATISFIED, "c1": "ok"})
        assert response.status_code == 422
        assert not Response.objects.exists()

    def test_after_the_period_it_is_over(self, survey: Survey, clock: Clock) -> None:
        member = _member(survey)
        clock.set(CLOSES + dt.timedelta(days=1))
        client = _en(Client())
        get = client.get(f"/khao-sat/{member.code}/")
        post = client.post(f"/khao-sat/{member.code}/", SATISFIED)
        assert (get.status_code, post.status_code) == (409, 409)
        assert "it is over" in _text(post)
        assert not Response.objects.exists()

    def test_before_the_period_it_is_not_open(self, survey: Survey, clock: Clock) -> None:
        clock.set(OPENS - dt.timedelta(days=1))
        response = _en(Client()).get(f"/khao-sat/{_member(survey).code}/")
        assert response.status_code == 409
        assert "takes answers from 01/05/2023" in _text(response)

    def test_a_closed_survey_takes_no_answer(self, survey: Survey) -> None:
        survey_close(survey=survey, version=survey.version, by=None)
        response = _en(Client()).post(f"/khao-sat/{_member(survey).code}/", SATISFIED)
        assert response.status_code == 409
        assert "closed" in _text(response)
        assert not Response.objects.exists()

    def test_csrf_is_checked(self, survey: Survey) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(f"/khao-sat/{_member(survey).code}/", SATISFIED)
        assert response.status_code == 403
        assert not Response.objects.exists()


class CodeRateLimitTests:
    def test_too_many_wrong_codes_from_one_address_are_refused(
        self, survey: Survey, settings: Any
    ) -> None:
        settings.FEEDBACK_TRACKING_MISSES_PER_HOUR = 3
        client = _en(Client(REMOTE_ADDR="203.0.113.5"))
        for _ in range(3):
            assert client.get("/khao-sat/ABCDEFGH/").status_code == 404
        good = _member(survey).code
        limited = client.get(f"/khao-sat/{good}/")
        assert limited.status_code == 429
        assert "Too many wrong codes" in _text(limited)
        assert client.post(f"/khao-sat/{good}/", SATISFIED).status_code == 429
        assert not Response.objects.exists()
        # Another address is not slowed down.
        assert Client(REMOTE_ADDR="203.0.113.6").get(f"/khao-sat/{good}/").status_code == 200

    def test_right_codes_do_not_count_against_the_address(
        self, survey: Survey, settings: Any
    ) -> None:
        settings.FEEDBACK_TRACKING_MISSES_PER_HOUR = 2
        client = Client(REMOTE_ADDR="203.0.113.7")
        code = _member(survey).code
        for _ in range(5):
            assert client.get(f"/khao-sat/{code}/").status_code == 200
