"""The results pages of a survey in the endpoint access matrix (see smartrural/testing_matrix.py).

A survey of Ngãi Xuyên (commune A) with its sample drawn: anyone whose scope holds commune A
reads its results and exports (the read-only viewer too); Kim Sơn's officer and Càng Long's
district officer get 404; the resident 404 (an officials' area); anonymous to the login page.
"""

from __future__ import annotations

from collections.abc import Callable

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages


def _survey_url(suffix: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from smartrural.surveys.tests.factories import households, open_survey

        households(p.hamlet_a_unit, 3)
        survey = open_survey(p.commune_a_unit, by=p.commune_a)
        return f"/surveys/work/{survey.pk}/{suffix}"

    return build


READ = logged_in(200, commune_b=404, other_district=404)

ENDPOINTS = officials_pages(
    [
        Endpoint("surveys:results", "get", _survey_url("results/"), READ),
        Endpoint("surveys:results-xlsx", "get", _survey_url("results.xlsx"), READ),
        Endpoint("surveys:results-pdf", "get", _survey_url("results.pdf"), READ),
        Endpoint("surveys:answers-csv", "get", _survey_url("answers.csv"), READ),
        Endpoint("surveys:answers-xlsx", "get", _survey_url("answers.xlsx"), READ),
    ]
)
