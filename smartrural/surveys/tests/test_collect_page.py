"""The door-to-door collection page (/surveys/work/<pk>/collect/) without JavaScript: the sample
by hamlet, the form posted to the page and recorded by the same service as the API; and the
service worker it registers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from smartrural.geo.services import unit_create
from smartrural.testing import IN_2023, Clock, Personas

from ..models import Channel, Response, SampleMember, Survey
from ..services.responses import member_for_household, response_record
from ..services.surveys import survey_close
from .factories import households, open_survey

pytestmark = pytest.mark.django_db

SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}


@pytest.fixture
def survey(personas: Personas, clock: Clock) -> Survey:
    clock.set(IN_2023)
    households(personas.hamlet_a_unit, 3)
    return open_survey(personas.commune_a_unit, by=personas.commune_a)


def _url(survey: Survey) -> str:
    return f"/surveys/work/{survey.pk}/collect/"


def _household(survey: Survey, index: int = 0) -> int:
    return survey.members.order_by("household__number")[index].household_id


def _post(client: Client, survey: Survey, household: int, key: str = "form-key-1", **answers: Any):
    data = {"sample-household": str(household), "idempotency-key": key, **answers}
    return _english(client).post(_url(survey), data)


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


class CollectPageTests:
    def test_the_page_lists_the_sample_and_the_form(
        self, survey: Survey, personas: Personas
    ) -> None:
        response = _english(personas.client(personas.commune_a)).get(_url(survey))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<tr data-household=") == 3
        assert "Chủ hộ 1" in page
        assert 'name="c1"' in page and 'value="very_satisfied"' in page
        assert re.search(r'name="idempotency-key" value="[0-9a-f-]{36}"', page)
        assert 'src="/static/surveys/collect.js"' in page
        assert "<script>" not in page  # the strict CSP: no inline script, data as JSON
        assert 'id="collect-config" type="application/json"' in page
        assert "0 of 3 households drawn have answered." in page

    def test_the_hamlet_filter_shows_that_hamlets_households(
        self, survey: Survey, personas: Personas
    ) -> None:
        other = unit_create(
            code="2947902",
            name="Ấp Mới",
            kind="ap",
            level="hamlet",
            parent=personas.commune_a_unit,
            valid_from=personas.hamlet_a_unit.valid_from,
            valid_to=personas.hamlet_a_unit.valid_to,
        )
        households(other, 2, start=50)
        survey.status = "draft"
        survey.save(update_fields=["status"])
        from ..services.sampling import sample_draw

        sample_draw(survey=survey, by=None)
        client = personas.client(personas.commune_a)
        everyone = client.get(_url(survey)).content.decode()
        assert everyone.count("<tr data-household=") == 5
        only = client.get(f"{_url(survey)}?hamlet={other.pk}").content.decode()
        assert only.count("<tr data-household=") == 2
        assert "Chủ hộ 50" in only and "Chủ hộ 1<" not in only
        unknown = client.get(f"{_url(survey)}?hamlet=999999").content.decode()
        assert unknown.count("<tr data-household=") == 5

    def test_the_list_takes_the_same_queries_whatever_the_sample(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        client.get(_url(survey))
        with CaptureQueriesContext(connection) as small:
            client.get(_url(survey))
        survey.status = "draft"
        survey.save(update_fields=["status"])
        households(personas.hamlet_a_unit, 20, start=10)
        from ..services.sampling import sample_draw

        sample_draw(survey=survey, by=None)
        survey.status = "open"
        survey.save(update_fields=["status"])
        with CaptureQueriesContext(connection) as large:
            assert client.get(_url(survey)).content.decode().count("<tr data-household=") == 23
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_a_posted_form_records_the_answers_as_door_to_door(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        household = _household(survey)
        response = _post(client, survey, household, **SATISFIED, y_kien="Tốt")
        assert response.status_code == 302
        assert response["Location"] == _url(survey)
        member = SampleMember.objects.get(household_id=household)
        assert (member.channel, member.idempotency_key) == (Channel.DOOR, "form-key-1")
        assert member.entered_by == personas.commune_a
        assert Response.objects.get().channel == Channel.DOOR
        page = _english(client).get(_url(survey)).content.decode()
        assert "The answers of household 1 are recorded." in page
        assert "1 of 3 households drawn have answered." in page
        assert f'<option value="{household}"' not in page  # not offered again

    def test_the_same_form_posted_twice_counts_once(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        household = _household(survey)
        assert _post(client, survey, household, **SATISFIED).status_code == 302
        # Sent again (a reload after the reply was lost): the same key, the same answer.
        assert _post(client, survey, household, **SATISFIED).status_code == 302
        page = _english(client).get(_url(survey)).content.decode()
        assert "The answers of household 1 were already recorded; counted once." in page
        assert Response.objects.count() == 1

    def test_a_household_answered_meanwhile_is_refused_with_the_reason(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        household = _household(survey)
        page = client.get(_url(survey))  # the form offers the household
        assert page.status_code == 200
        response_record(
            member=member_for_household(survey, household),
            answers=SATISFIED,
            channel=Channel.PAPER,
            by=personas.commune_a,
        )
        response = _post(client, survey, household, **SATISFIED)
        assert response.status_code == 409
        assert "Household 1 has already answered this survey" in response.content.decode()
        assert Response.objects.count() == 1

    def test_an_answer_that_does_not_fit_is_shown_on_its_question(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        response = _post(client, survey, _household(survey), c1="satisfied")
        assert response.status_code == 422
        assert "needs an answer" in response.content.decode()
        assert not Response.objects.exists()
        assert not SampleMember.objects.filter(answered_on__isnull=False).exists()

    def test_a_household_outside_the_sample_is_refused(
        self, survey: Survey, personas: Personas
    ) -> None:
        outside = households(personas.hamlet_a_unit, 1, start=99)[0]
        client = personas.client(personas.commune_a)
        assert _post(client, survey, outside.pk, **SATISFIED).status_code == 422
        assert not Response.objects.exists()

    def test_a_bad_key_is_refused(self, survey: Survey, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = _post(client, survey, _household(survey), key="<script>", **SATISFIED)
        assert response.status_code == 422
        assert not Response.objects.exists()

    def test_a_closed_survey_says_so_and_refuses_answers(
        self, survey: Survey, personas: Personas
    ) -> None:
        survey_close(survey=survey, version=survey.version, by=None)
        client = personas.client(personas.commune_a)
        with translation.override("en"):
            page = _english(client).get(_url(survey)).content.decode()
        assert "This survey is closed; answers are no longer taken." in page
        response = _post(client, survey, _household(survey), **SATISFIED)
        assert response.status_code == 409
        assert not Response.objects.exists()

    def test_head_names_are_escaped(self, survey: Survey, personas: Personas) -> None:
        member = survey.members.select_related("household").first()
        assert member is not None
        member.household.head_name = "Nguyễn <b>A</b>"
        member.household.save()
        page = personas.client(personas.commune_a).get(_url(survey)).content.decode()
        assert "Nguyễn &lt;b&gt;A&lt;/b&gt;" in page
        assert "<b>A</b>" not in page


class CollectAccessTests:
    def test_a_read_only_viewer_gets_403(self, survey: Survey, personas: Personas) -> None:
        client = personas.client(personas.viewer_a)
        assert client.get(_url(survey)).status_code == 403
        assert _post(client, survey, _household(survey), **SATISFIED).status_code == 403
        assert not Response.objects.exists()

    def test_an_officer_of_another_commune_gets_404(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_b)
        assert client.get(_url(survey)).status_code == 404
        assert _post(client, survey, _household(survey), **SATISFIED).status_code == 404

    def test_a_resident_gets_404_and_anonymous_the_login_page(
        self, survey: Survey, personas: Personas
    ) -> None:
        assert personas.client(personas.resident).get(_url(survey)).status_code == 404
        response = Client().get(_url(survey))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class CollectWorkerTests:
    def test_the_worker_is_served_under_the_pages_it_controls(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get("/surveys/work/collect-sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Cache-Control"] == "no-cache"
        body = response.content.decode()
        assert 'addEventListener("fetch"' in body
        assert "Content-Security-Policy" in response.headers
