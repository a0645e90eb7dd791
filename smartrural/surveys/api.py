"""Surveys under /api/v1: a survey's sample (the households to visit), and a household's answers
sent from an officer's phone (door to door).

The door-to-door page queues answers on the phone while there is no signal and sends each one
here when there is, with the ``Idempotency-Key`` the phone gave it: the same answer sent again
(a retry after a lost reply) is counted once and answered 200, another answer for a household
that has already answered is refused (409).

Not open data: a login (the page's browser session, CSRF-checked) or a Bearer token, and only
surveys of the caller's units (outside: 404; read-only roles: 403).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Header, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import BODY_ERRORS, JSON_INTEGER, errors
from smartrural.core.dates import today

from .access import access_survey_for_user
from .models import TEXT_ANSWER_MAX_CHARS, Channel, SampleMember
from .services.responses import (
    IDEMPOTENCY_KEY_PATTERN,
    member_for_household,
    response_record,
)
from .specs import MAX_CHOICES, MAX_QUESTIONS

router = Router(tags=["surveys"])

# What the phone makes with crypto.randomUUID(); any client may use its own scheme in this
# alphabet (it is stored with the household's sample member, at most 64 characters).

AnswerValue = (
    Annotated[StrictStr, Field(max_length=TEXT_ANSWER_MAX_CHARS)]
    | StrictInt
    | StrictFloat
    | Annotated[list[Annotated[StrictStr, Field(max_length=64)]], Field(max_length=MAX_CHOICES)]
    | None
)


class SurveyResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    household: Annotated[int, Field(ge=1, le=2_147_483_647), JSON_INTEGER] = Field(
        description="The id of a household drawn in the survey's sample.", examples=[12]
    )
    answers: dict[Annotated[str, Field(max_length=64)], AnswerValue] = Field(
        max_length=MAX_QUESTIONS,
        description="Per question name: the name of the choice (single choice, satisfaction "
        "scale), a list of choice names (multiple choice), a number, or text. A question left "
        "out (or null) is not answered.",
        examples=[{"c1": "satisfied", "c2": "very_satisfied", "y_kien": "Đường đẹp hơn."}],
    )
    channel: Literal["door"] = Field(
        "door", description="How the answer was collected: door to door (the only one here)."
    )


class SurveyResponseOut(Schema):
    survey: int
    household: int
    channel: str
    answered_on: str = Field(description="The day the household's answer was counted.")
    created: bool = Field(
        description="False when this was the same answer sent again with the same key: it was "
        "already counted, and is counted once."
    )


@router.post(
    "/surveys/{survey_id}/responses",
    auth=AUTH,
    response={
        201: SurveyResponseOut,
        200: SurveyResponseOut,
        **errors(401, 403, 404, 409, *BODY_ERRORS),
    },
    summary="Record a household's answers collected door to door",
    description="The answers of one household of the survey's sample, collected by an officer "
    "(channel `door`). `Idempotency-Key` (required, 1 to 64 letters, digits or `_.:-`): a key "
    "the sending device makes for this answer; sending the same answer again with the same key "
    "answers 200 and counts nothing more. 201: counted. 409: the household has already answered "
    "(with another key), or the survey does not take answers today (not open, closed, outside "
    "its period). 422: an answer that does not fit the form (the question is named in `field`), "
    "or a household not drawn in the sample. 404: a survey outside the caller's units; 403: a "
    "read-only role.",
)
def post_survey_response(
    request: ActorRequest,
    survey_id: int,
    payload: SurveyResponseIn,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN)
    ],
) -> Status[dict[str, Any]]:
    survey = access_survey_for_user(request.user, survey_id, action="write")
    member = member_for_household(survey, payload.household)
    answers = {name: value for name, value in payload.answers.items() if value is not None}
    recorded = response_record(
        member=member,
        answers=answers,
        channel=Channel.DOOR,
        idempotency_key=idempotency_key,
        by=request.user,
    )
    member.refresh_from_db(fields=["answered_on", "channel"])
    return Status(
        201 if recorded.created else 200,
        {
            "survey": survey.pk,
            "household": member.household_id,
            "channel": member.channel,
            "answered_on": (member.answered_on or today()).isoformat(),
            "created": recorded.created,
        },
    )


class SampleHamletOut(Schema):
    id: int
    code: str
    name: str


class SampleHouseholdOut(Schema):
    household: int = Field(description="The id to send answers for (`household`).")
    hamlet: int = Field(description="The id of its hamlet (in `hamlets`).")
    number: str
    head_name: str = Field(description="To find the door; officers only, never in results.")
    answered: bool


class SampleOut(Schema):
    survey: int
    title: str
    opens_on: str
    closes_on: str
    status: str
    hamlets: list[SampleHamletOut]
    households: list[SampleHouseholdOut]


@router.get(
    "/surveys/{survey_id}/sample",
    auth=AUTH,
    response={200: SampleOut, **errors(401, 404, 422)},
    summary="The households drawn in a survey's sample, by hamlet",
    description="What an officer needs to go door to door: per household drawn its id, hamlet, "
    "number, head's name and whether it has answered (not what it answered). 404: a survey "
    "outside the caller's units.",
)
def get_survey_sample(request: ActorRequest, survey_id: int) -> dict[str, Any]:
    survey = access_survey_for_user(request.user, survey_id)
    members = (
        SampleMember.objects.filter(survey=survey)
        .select_related("household")
        .order_by("hamlet__code", "household__number", "pk")
    )
    return {
        "survey": survey.pk,
        "title": survey.title,
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "status": survey.status,
        "hamlets": [
            {"id": frame.hamlet_id, "code": frame.hamlet.code, "name": frame.hamlet.name}
            for frame in survey.frames.select_related("hamlet")
        ],
        "households": [
            {
                "household": member.household_id,
                "hamlet": member.hamlet_id,
                "number": member.household.number,
                "head_name": member.household.head_name,
                "answered": member.answered_on is not None,
            }
            for member in members
        ],
    }
