"""``POST /api/v1/surveys/{id}/responses``: a household's answers sent from the door-to-door
page (or any client), counted once whatever the retries."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartrural.accounts.tokens import api_token_create
from smartrural.testing import IN_2023, Clock, Personas

from ..models import Answer, Channel, Response, SampleMember, Survey
from ..services.surveys import survey_close
from .factories import CLOSES, households, open_survey

pytestmark = pytest.mark.django_db

SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}


@pytest.fixture
def survey(personas: Personas, clock: Clock) -> Survey:
    clock.set(IN_2023)
    households(personas.hamlet_a_unit, 4)
    return open_survey(personas.commune_a_unit, by=personas.commune_a)


def _url(survey: Survey) -> str:
    return f"/api/v1/surveys/{survey.pk}/responses"


def _post(
    client: Client,
    survey: Survey,
    body: Any,
    *,
    key: str | None = "k-1",
    **headers: str,
) -> tuple[int, dict[str, Any]]:
    client.cookies["django_language"] = "en"  # the messages asserted are the English ones
    sent = dict(headers)
    if key is not None:
        sent["Idempotency-Key"] = key
    response = client.post(
        _url(survey), data=json.dumps(body), content_type="application/json", headers=sent
    )
    return response.status_code, response.json()


def _household(survey: Survey, index: int = 0) -> int:
    return survey.members.order_by("household__number")[index].household_id


def _nothing_stored() -> bool:
    return (
        not Response.objects.exists()
        and not Answer.objects.exists()
        and not SampleMember.objects.filter(answered_on__isnull=False).exists()
    )


class PostResponseTests:
    def test_an_officer_records_a_households_answers(
        self, survey: Survey, personas: Personas
    ) -> None:
        household = _household(survey)
        body = {"household": household, "answers": {**SATISFIED, "y_kien": "Tốt"}}
        status, out = _post(
            personas.client(personas.commune_a), survey, body, key=str(uuid.uuid4())
        )
        assert status == 201
        assert out == {
            "survey": survey.pk,
            "household": household,
            "channel": "door",
            "answered_on": IN_2023.isoformat(),
            "created": True,
        }
        response = Response.objects.get()
        assert (response.channel, response.hamlet_id) == (Channel.DOOR, personas.hamlet_a_unit.pk)
        assert Answer.objects.filter(response=response).count() == 3
        member = SampleMember.objects.get(household_id=household)
        assert (member.channel, member.entered_by) == (Channel.DOOR, personas.commune_a)

    def test_the_same_answer_sent_again_with_its_key_counts_once(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        body = {"household": _household(survey), "answers": SATISFIED, "channel": "door"}
        first = _post(client, survey, body, key="same-key")
        again = _post(client, survey, body, key="same-key")
        assert (first[0], again[0]) == (201, 200)
        assert again[1]["created"] is False
        assert Response.objects.count() == 1
        assert Answer.objects.count() == 2

    def test_a_replay_after_the_survey_closed_is_still_the_answer_counted(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(client, survey, body, key="sent-before")[0] == 201
        survey_close(survey=survey, version=survey.version, by=None)
        status, out = _post(client, survey, body, key="sent-before")
        assert (status, out["created"]) == (200, False)
        assert _post(client, survey, body, key="another")[0] == 409
        other = {"household": _household(survey, 1), "answers": SATISFIED}
        assert _post(client, survey, other, key="sent-before")[0] == 409  # closed
        assert Response.objects.count() == 1

    def test_a_household_that_answered_is_refused_another_answer(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(client, survey, body, key="first")[0] == 201
        status, out = _post(client, survey, body, key="second")
        assert status == 409
        assert "already answered" in out["detail"]
        assert Response.objects.count() == 1

    def test_a_closed_survey_and_a_day_after_the_period_take_no_answer(
        self, survey: Survey, personas: Personas, clock: Clock
    ) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        clock.set(CLOSES + dt.timedelta(days=1))
        status, out = _post(personas.client(personas.commune_a), survey, body)
        assert status == 409
        assert "30/06/2023" in out["detail"]
        clock.set(IN_2023)
        client = personas.client(personas.commune_a)
        survey_close(survey=survey, version=survey.version, by=None)
        status, out = _post(client, survey, body)
        assert status == 409
        assert "closed" in out["detail"]
        assert _nothing_stored()

    @pytest.mark.parametrize(
        ("answers", "field", "problem"),
        [
            ({"c1": "satisfied"}, "c2", "needs an answer"),
            ({"c1": "happy", "c2": "satisfied"}, "c1", "is not an answer"),
            ({**SATISFIED, "c9": "satisfied"}, None, "no question"),
            ({**SATISFIED, "y_kien": "a\u0000b"}, "y_kien", ""),
        ],
    )
    def test_answers_that_do_not_fit_are_refused_naming_the_question(
        self,
        survey: Survey,
        personas: Personas,
        answers: dict[str, Any],
        field: str | None,
        problem: str,
    ) -> None:
        body = {"household": _household(survey), "answers": answers}
        status, out = _post(personas.client(personas.commune_a), survey, body)
        assert status == 422
        assert out.get("field") == field
        assert problem in out["detail"]
        assert _nothing_stored()

    def test_a_household_outside_the_sample_is_refused(
        self, survey: Survey, personas: Personas
    ) -> None:
        outside = households(personas.hamlet_a_unit, 1, start=99)[0]
        body = {"household": outside.pk, "answers": SATISFIED}
        status, out = _post(personas.client(personas.commune_a), survey, body)
        assert (status, out["field"]) == (422, "household")
        assert _nothing_stored()

    @pytest.mark.parametrize(
        ("key", "status"),
        [(None, 422), ("", 422), ("a" * 65, 422), ("has space", 422), ("<x>", 422)],
    )
    def test_the_idempotency_key_is_required_and_checked(
        self, survey: Survey, personas: Personas, key: str | None, status: int
    ) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        got, out = _post(personas.client(personas.commune_a), survey, body, key=key)
        assert got == status
        assert out["field"] == "Idempotency-Key"
        assert _nothing_stored()

    def test_a_key_of_64_characters_is_taken(self, survey: Survey, personas: Personas) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        key = "A" * 64
        assert _post(personas.client(personas.commune_a), survey, body, key=key)[0] == 201
        assert SampleMember.objects.get(answered_on__isnull=False).idempotency_key == key

    @pytest.mark.parametrize(
        "body",
        [
            {"household": True, "answers": SATISFIED},
            {"household": "1", "answers": SATISFIED},
            {"household": 1, "answers": ["satisfied"]},
            {"household": 1, "answers": {"c1": {"x": 1}}},
            {"household": 1, "answers": {"c1": True}},
            {"household": 1, "answers": SATISFIED, "channel": "paper"},
            {"household": 1, "answers": SATISFIED, "extra": 1},
            {"answers": SATISFIED},
        ],
    )
    def test_a_malformed_body_is_refused(
        self, survey: Survey, personas: Personas, body: dict[str, Any]
    ) -> None:
        status, _out = _post(personas.client(personas.commune_a), survey, body)
        assert status == 422
        assert _nothing_stored()

    def test_a_failure_while_writing_leaves_nothing(
        self, survey: Survey, personas: Personas
    ) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        client = personas.client(personas.commune_a)
        with (
            mock.patch.object(Answer.objects, "bulk_create", side_effect=RuntimeError("disk")),
            pytest.raises(RuntimeError),
        ):
            _post(client, survey, body)
        assert _nothing_stored()
        assert _post(client, survey, body)[0] == 201  # the same key, sent again, is counted

    def test_a_multiple_choice_and_a_number_are_taken_as_json(
        self, survey: Survey, personas: Personas
    ) -> None:
        from ..services.surveys import question_add
        from ..specs import ChoiceSpec, QuestionSpec

        other = Survey.objects.get(pk=survey.pk)
        other.status = "draft"
        other.save(update_fields=["status"])
        question_add(
            survey=other,
            spec=QuestionSpec(
                name="roads",
                label="Đường nào?",
                kind="multiple",
                choices=(ChoiceSpec("a", "A"), ChoiceSpec("b", "B")),
            ),
            by=None,
        )
        question_add(
            survey=other, spec=QuestionSpec(name="people", label="Số người", kind="number"), by=None
        )
        other.status = "open"
        other.save(update_fields=["status"])
        body = {
            "household": _household(survey),
            "answers": {**SATISFIED, "roads": ["a", "b"], "people": 4, "y_kien": None},
        }
        assert _post(personas.client(personas.commune_a), survey, body)[0] == 201
        assert Answer.objects.filter(question__name="roads").count() == 2
        assert Answer.objects.get(question__name="people").number == 4


class PostResponseAccessTests:
    def test_anonymous_gets_401(self, survey: Survey) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(Client(), survey, body)[0] == 401

    def test_a_read_only_viewer_gets_403(self, survey: Survey, personas: Personas) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(personas.client(personas.viewer_a), survey, body)[0] == 403
        assert _nothing_stored()

    def test_an_officer_of_another_commune_gets_404(
        self, survey: Survey, personas: Personas
    ) -> None:
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(personas.client(personas.commune_b), survey, body)[0] == 404
        assert _post(personas.client(personas.other_district), survey, body)[0] == 404
        assert _nothing_stored()

    def test_a_browser_session_needs_the_csrf_token(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(
            personas.commune_a, backend="smartrural.accounts.backends.UsernameOrEmailBackend"
        )
        body = {"household": _household(survey), "answers": SATISFIED}
        assert _post(client, survey, body)[0] == 403
        assert _nothing_stored()
        page = client.get(f"/surveys/work/{survey.pk}/collect/")
        assert page.status_code == 200
        token = client.cookies["csrftoken"].value
        assert _post(client, survey, body, **{"X-CSRFToken": token})[0] == 201

    def test_a_bearer_token_works_without_csrf(self, survey: Survey, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.commune_a, name="phone")
        body = {"household": _household(survey), "answers": SATISFIED}
        client = Client(enforce_csrf_checks=True)
        assert _post(client, survey, body, Authorization=f"Bearer {raw}")[0] == 201


class SampleTests:
    def test_the_sample_lists_the_households_to_visit_and_which_answered(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.viewer_a)
        first = _household(survey)
        officer = personas.client(personas.commune_a)
        assert _post(officer, survey, {"household": first, "answers": SATISFIED})[0] == 201
        with CaptureQueriesContext(connection) as queries:
            out = client.get(f"/api/v1/surveys/{survey.pk}/sample").json()
        assert len(queries.captured_queries) < 12
        assert out["survey"] == survey.pk
        assert out["hamlets"] == [
            {
                "id": personas.hamlet_a_unit.pk,
                "code": personas.hamlet_a_unit.code,
                "name": personas.hamlet_a_unit.name,
            }
        ]
        assert [h["number"] for h in out["households"]] == ["1", "2", "3", "4"]
        assert out["households"][0] == {
            "household": first,
            "hamlet": personas.hamlet_a_unit.pk,
            "number": "1",
            "head_name": "Chủ hộ 1",
            "answered": True,
        }
        assert [h["answered"] for h in out["households"]] == [True, False, False, False]

    def test_other_units_get_404_and_anonymous_401(
        self, survey: Survey, personas: Personas
    ) -> None:
        url = f"/api/v1/surveys/{survey.pk}/sample"
        assert personas.client(personas.commune_b).get(url).status_code == 404
        assert personas.client(personas.resident).get(url).status_code == 404
        assert Client().get(url).status_code == 401


class OpenApiTests:
    def test_the_operation_declares_its_errors_and_header(self, client: Client) -> None:
        schema = client.get("/api/v1/openapi.json").json()
        operation = schema["paths"]["/api/v1/surveys/{survey_id}/responses"]["post"]
        assert {"200", "201", "401", "403", "404", "409", "422"} <= set(operation["responses"])
        header = next(p for p in operation["parameters"] if p["in"] == "header")
        assert (header["name"], header["required"]) == ("Idempotency-Key", True)
