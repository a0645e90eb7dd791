"""Residents' survey pages' rows of the endpoint access matrix (smartrural/testing_matrix.py):
the same for everyone, logged in or not. A valid code opens its form and takes one answer (a
fresh survey per test, open today); an unknown code is 404 for everyone."""

from __future__ import annotations

import datetime as dt

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, everyone


def _code(p: Personas) -> str:
    """A code of a household of Ấp Chợ in a survey of commune A that takes answers today."""
    from smartrural.core.dates import today
    from smartrural.surveys.models import SampleMember, Survey

    from .factories import households, open_survey

    member = SampleMember.objects.filter(answered_on__isnull=True).first()
    if member is None:
        households(p.hamlet_a_unit, 2)
        survey = open_survey(p.commune_a_unit, by=p.province)
        Survey.objects.filter(pk=survey.pk).update(
            opens_on=today() - dt.timedelta(days=5), closes_on=today() + dt.timedelta(days=30)
        )
        member = SampleMember.objects.filter(survey=survey).first()
    assert member is not None
    return member.code


ENDPOINTS: list[Endpoint] = [
    Endpoint("surveys_public:answer-start", "get", lambda p: "/khao-sat/", everyone(200)),
    Endpoint("surveys_public:answer-start", "get", lambda p: "/khao-sat/?code=x", everyone(422)),
    Endpoint("surveys_public:answer-done", "get", lambda p: "/khao-sat/cam-on/", everyone(200)),
    Endpoint(
        "surveys_public:answer-code", "get", lambda p: f"/khao-sat/{_code(p)}/", everyone(200)
    ),
    Endpoint("surveys_public:answer-code", "get", lambda p: "/khao-sat/ABCDEFGH/", everyone(404)),
    Endpoint(
        "surveys_public:answer-code",
        "post",
        lambda p: f"/khao-sat/{_code(p)}/",
        everyone(302),
        body={"c1": "satisfied", "c2": "very_satisfied"},
    ),
]
