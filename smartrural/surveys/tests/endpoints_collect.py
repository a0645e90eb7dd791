"""Rows of the endpoint access matrix for door-to-door collection: the page, its service worker
and the API it sends answers to.

Collecting is writing: commune A's officer, its district and the province may (the page 200, a
posted form 302, the API 201); the read-only viewer gets 403; Kim Sơn's officer and Càng Long's
district officer 404; residents 404 (surveys are officials' business, ``require_official``);
anonymous the login page, or 401 in the API. The worker is the same file for every
officer. The sample (with heads' names) is read by every official whose scope holds the survey.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from django.test import Client

from smartrural.testing import Personas
from smartrural.testing_matrix import (
    Endpoint,
    api_logged_in,
    logged_in,
    officials_pages,
    unit_write,
)


def _survey_url(suffix: str) -> Any:
    def build(p: Personas) -> str:
        from .factories import households, open_survey

        households(p.hamlet_a_unit, 2)
        # Open today and on (the matrix runs on the real day).
        survey = open_survey(p.commune_a_unit, by=p.commune_a, closes_on=dt.date(2099, 12, 31))
        return suffix.format(pk=survey.pk)

    return build


@dataclasses.dataclass(frozen=True)
class SampledEndpoint(Endpoint):
    """An endpoint whose body names a household of the survey's sample (the survey is built with
    the URL), under ``household_field``, with extra request ``headers``."""

    household_field: str = "household"
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    def request(self, client: Client, url: str) -> Any:
        from ..models import SampleMember

        survey_id = int(re.findall(r"/(\d+)/", url)[0])
        member = SampleMember.objects.filter(survey_id=survey_id).order_by("pk").first()
        assert member is not None
        body = {**self.body, self.household_field: member.household_id}
        call = getattr(client, self.method)
        if self.json_body:
            return call(
                url, data=json.dumps(body), content_type="application/json", headers=self.headers
            )
        return call(url, data=body, headers=self.headers)


PAGE = "/surveys/work/{pk}/collect/"
SATISFIED = {"c1": "satisfied", "c2": "very_satisfied"}

ENDPOINTS = officials_pages(
    [
        Endpoint("surveys:collect", "get", _survey_url(PAGE), unit_write(200)),
        SampledEndpoint(
            "surveys:collect",
            "post",
            _survey_url(PAGE),
            unit_write(302),
            body={"idempotency-key": "matrix-1", **SATISFIED},
            household_field="sample-household",
        ),
        Endpoint(
            "surveys:collect-worker",
            "get",
            lambda p: "/surveys/work/collect-sw.js",
            logged_in(200),
        ),
        Endpoint(
            "api:get_survey_sample",
            "get",
            _survey_url("/api/v1/surveys/{pk}/sample"),
            {**api_logged_in(200, commune_b=404, other_district=404), "resident": 404},
        ),
        SampledEndpoint(
            "api:post_survey_response",
            "post",
            _survey_url("/api/v1/surveys/{pk}/responses"),
            {**unit_write(201, anonymous=401), "resident": 404},
            body={"answers": SATISFIED, "channel": "door"},
            json_body=True,
            headers={"Idempotency-Key": "matrix-1"},
        ),
    ]
)
