from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.testing import Personas

from ..models import Answer, Channel, Response, SampleMember, Survey
from ..services.responses import CodeUsed, member_by_code, member_for_household, response_record
from ..services.surveys import survey_close
from .factories import CLOSES, OPENS, households, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}


@pytest.fixture
def survey(personas: Personas) -> Survey:
    households(personas.hamlet_a_unit, 4)
    return open_survey(personas.commune_a_unit, by=personas.commune_a)


class ResponseRecordTests:
    def test_an_answer_is_stored_without_its_household(self, survey: Survey) -> None:
        member = survey.members.all()[0]
        assert response_record(
            member=member, answers=SATISFIED, channel=Channel.WEB, on=OPENS
        ).created
        response = Response.objects.get()
        assert {f.name for f in Response._meta.get_fields()}.isdisjoint({"household", "member"})
        assert response.hamlet_id == member.hamlet_id
        assert Answer.objects.filter(response=response).count() == 2
        member.refresh_from_db()
        assert member.answered_on == OPENS

    def test_a_used_code_is_refused_and_nothing_counts_twice(self, survey: Survey) -> None:
        member = survey.members.all()[0]
        response_record(member=member, answers=SATISFIED, channel=Channel.WEB, on=OPENS)
        with pytest.raises(CodeUsed):
            response_record(member=member, answers=SATISFIED, channel=Channel.WEB, on=OPENS)
        assert Response.objects.count() == 1

    def test_a_replay_with_the_same_key_is_the_same_answer(self, survey: Survey) -> None:
        member = survey.members.all()[0]
        first = response_record(
            member=member, answers=SATISFIED, channel=Channel.DOOR, idempotency_key="k-1", on=OPENS
        )
        again = response_record(
            member=member, answers=SATISFIED, channel=Channel.DOOR, idempotency_key="k-1", on=OPENS
        )
        assert (first.created, again.created) == (True, False)
        with pytest.raises(CodeUsed):
            response_record(
                member=member,
                answers=SATISFIED,
                channel=Channel.DOOR,
                idempotency_key="k-2",
                on=OPENS,
            )
        assert Response.objects.count() == 1

    def test_answers_are_taken_on_the_first_and_last_day_only(self, survey: Survey) -> None:
        first, second, third, _ = list(survey.members.all())
        response_record(member=first, answers=SATISFIED, channel=Channel.WEB, on=OPENS)
        response_record(member=second, answers=SATISFIED, channel=Channel.WEB, on=CLOSES)
        with pytest.raises(Conflict, match="30/06/2023"):
            response_record(
                member=third,
                answers=SATISFIED,
                channel=Channel.WEB,
                on=CLOSES + dt.timedelta(days=1),
            )
        with pytest.raises(Conflict):
            response_record(
                member=third,
                answers=SATISFIED,
                channel=Channel.WEB,
                on=OPENS - dt.timedelta(days=1),
            )
        assert Response.objects.count() == 2

    def test_a_closed_survey_takes_no_answer(self, survey: Survey) -> None:
        survey_close(survey=survey, version=survey.version, by=None)
        with pytest.raises(Conflict):
            response_record(
                member=survey.members.all()[0], answers=SATISFIED, channel=Channel.WEB, on=OPENS
            )

    @pytest.mark.parametrize(
        ("answers", "problem"),
        [
            ({"c1": "satisfied"}, "needs an answer"),
            ({**SATISFIED, "c9": "satisfied"}, "no question"),
            ({"c1": "happy", "c2": "satisfied"}, "is not an answer"),
        ],
    )
    def test_answers_that_do_not_fit_the_form_leave_nothing(
        self, survey: Survey, answers: dict[str, str], problem: str
    ) -> None:
        member = survey.members.all()[0]
        with pytest.raises(ValidationFailed, match=problem):
            response_record(member=member, answers=answers, channel=Channel.PAPER, on=OPENS)
        assert not Response.objects.exists()
        assert SampleMember.objects.filter(answered_on__isnull=False).count() == 0

    def test_an_unknown_code_and_a_household_outside_the_sample_are_refused(
        self, survey: Survey, personas: Personas
    ) -> None:
        with pytest.raises(ValidationFailed, match="not a code"):
            member_by_code(survey, "ZZZZZZZZ")
        outside = households(personas.hamlet_a_unit, 1, start=99)[0]
        with pytest.raises(ValidationFailed, match="not in the survey's sample"):
            member_for_household(survey, outside.pk)

    def test_a_code_is_read_whatever_its_case_and_dashes(self, survey: Survey) -> None:
        member = survey.members.all()[0]
        typed = f"{member.code[:4].lower()}-{member.code[4:]}"
        assert member_by_code(survey, typed) == member
