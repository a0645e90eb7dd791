"""Paper-sheet entry: the officer names a sampled household by hamlet and number and types its
answers; they count once, on paper, entered by the officer. Outside the sample, already
answered, after the period, an unfinished sheet: the reason on the form and nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from smartrural.testing import Clock, Personas

from ..models import Channel, Household, Response, SampleMember, Survey
from ..services.responses import response_record
from .factories import CLOSES, OPENS, households, open_survey

pytestmark = pytest.mark.django_db

SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}


def _client(p: Personas, user: Any) -> Client:
    client = p.client(user)
    client.cookies["django_language"] = "en"
    return client


def _text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def survey(personas: Personas, clock: Clock) -> Survey:
    """Ấp Chợ's households 1 to 4, all drawn; the clock on the fourth day of the period."""
    households(personas.hamlet_a_unit, 4)
    survey = open_survey(personas.commune_a_unit, by=personas.province)
    clock.set(OPENS + dt.timedelta(days=3))
    return survey


def _url(survey: Survey) -> str:
    return f"/surveys/work/{survey.pk}/paper/"


def _sheet(p: Personas, number: str, **answers: str) -> dict[str, str]:
    return {"hamlet": str(p.hamlet_a_unit.pk), "household": number, **SATISFIED, **answers}


class PaperEntryTests:
    def test_the_form_shows_the_hamlets_and_the_questions(
        self, personas: Personas, survey: Survey
    ) -> None:
        page = _text(_client(personas, personas.commune_a).get(_url(survey)))
        assert "Ấp Chợ" in page
        assert 'data-question="c1"' in page and 'data-question="y_kien"' in page
        assert "Chủ hộ" not in page

    def test_a_sheet_is_counted_once_on_paper_by_the_officer(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = _client(personas, personas.commune_a)
        response = client.post(_url(survey), _sheet(personas, "2", y_kien="Đường tốt hơn"))
        assert response.status_code == 302
        assert response["Location"] == f"{_url(survey)}?hamlet={personas.hamlet_a_unit.pk}"
        member = SampleMember.objects.get(household__number="2")
        assert member.channel == Channel.PAPER
        assert member.entered_by == personas.commune_a
        assert member.answered_on == OPENS + dt.timedelta(days=3)
        response_row = Response.objects.get()
        assert response_row.channel == Channel.PAPER
        assert response_row.answers.count() == 3
        assert "is counted" in _text(client.get(response["Location"]))

    def test_a_household_already_answered_is_refused(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = _client(personas, personas.commune_a)
        client.post(_url(survey), _sheet(personas, "1"))
        response = client.post(_url(survey), _sheet(personas, "1"))
        assert response.status_code == 409
        assert "has already answered" in _text(response)
        assert Response.objects.count() == 1

    def test_a_household_outside_the_sample_is_refused(
        self, personas: Personas, survey: Survey
    ) -> None:
        Household.objects.create(hamlet=personas.hamlet_a_unit, number="99", head_name="Mới")
        response = _client(personas, personas.commune_a).post(_url(survey), _sheet(personas, "99"))
        assert response.status_code == 422
        assert "not in the survey&#x27;s sample" in _text(response)
        assert not Response.objects.exists()

    def test_an_unknown_household_number_is_refused(
        self, personas: Personas, survey: Survey
    ) -> None:
        response = _client(personas, personas.commune_a).post(_url(survey), _sheet(personas, "77"))
        assert response.status_code == 422
        assert "No household 77" in _text(response)
        assert not Response.objects.exists()

    def test_an_unfinished_sheet_is_refused_with_the_question(
        self, personas: Personas, survey: Survey
    ) -> None:
        body = _sheet(personas, "1")
        del body["c2"]
        response = _client(personas, personas.commune_a).post(_url(survey), body)
        assert response.status_code == 422
        assert "needs an answer" in _text(response)
        assert not Response.objects.exists()
        assert not SampleMember.objects.filter(answered_on__isnull=False).exists()

    def test_a_sheet_after_the_period_is_refused(
        self, personas: Personas, survey: Survey, clock: Clock
    ) -> None:
        clock.set(CLOSES + dt.timedelta(days=1))
        response = _client(personas, personas.commune_a).post(_url(survey), _sheet(personas, "1"))
        assert response.status_code == 409
        assert "30/06/2023" in _text(response)
        assert not Response.objects.exists()

    def test_the_last_day_of_the_period_is_taken(
        self, personas: Personas, survey: Survey, clock: Clock
    ) -> None:
        clock.set(CLOSES)
        response = _client(personas, personas.commune_a).post(_url(survey), _sheet(personas, "1"))
        assert response.status_code == 302

    def test_a_viewer_may_not_enter_sheets(self, personas: Personas, survey: Survey) -> None:
        client = _client(personas, personas.viewer_a)
        assert client.get(_url(survey)).status_code == 403
        assert client.post(_url(survey), _sheet(personas, "1")).status_code == 403
        assert not Response.objects.exists()

    def test_another_commune_gets_404(self, personas: Personas, survey: Survey) -> None:
        assert _client(personas, personas.commune_b).get(_url(survey)).status_code == 404

    def test_a_web_answer_and_a_sheet_for_one_household_count_once(
        self, personas: Personas, survey: Survey
    ) -> None:
        member = SampleMember.objects.get(household__number="3")
        response_record(member=member, answers=SATISFIED, channel=Channel.WEB)
        response = _client(personas, personas.commune_a).post(_url(survey), _sheet(personas, "3"))
        assert response.status_code == 409
        assert Response.objects.count() == 1
