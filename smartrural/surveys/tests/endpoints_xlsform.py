"""XLSForm rows of the endpoint access matrix (smartrural/testing_matrix.py).

The data: a draft survey of Ngãi Xuyên (commune A), made on first use in each test. Importing a
form replaces its questions: writers whose scope holds the commune; downloading it: any official
who reads the commune. Residents never see officers' pages (404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smartrural.core.exports import XLSX
from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

from .xlsform_fixtures import workbook

TITLE = "Khảo sát sự hài lòng Ngãi Xuyên 2023"


def _survey(p: Personas) -> int:
    from smartrural.surveys.models import Survey
    from smartrural.surveys.services.surveys import survey_create

    survey = Survey.objects.filter(unit=p.commune_a_unit, title=TITLE).first()
    if survey is None:
        survey = survey_create(
            unit=p.commune_a_unit,
            year=2023,
            title=TITLE,
            organiser="Ủy ban MTTQ Việt Nam xã Ngãi Xuyên",
            opens_on=dt.date(2023, 5, 1),
            closes_on=dt.date(2023, 6, 30),
            by=p.province,
        )
    return survey.pk


def survey_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/surveys/work/{_survey(p)}/{suffix}"


class _Upload:
    """An uploaded workbook the test client reads in full for every request (a file object
    would be read once, then send nothing to the next persona)."""

    name = "hai_long.xlsx"
    content_type = XLSX

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self) -> bytes:
        return self.data


FORM = _Upload(workbook([["select_one satisfaction", "c2", "Hài lòng về giao thông?", "yes", 2]]))

ENDPOINTS: list[Endpoint] = officials_pages(
    [
        Endpoint("surveys:xlsform-import", "get", survey_url("xlsform/"), unit_write(200)),
        Endpoint(
            "surveys:xlsform-import",
            "post",
            survey_url("xlsform/"),
            unit_write(302),
            body={"file": FORM},
        ),
        Endpoint(
            "surveys:xlsform-export",
            "get",
            survey_url("xlsform/export/"),
            logged_in(200, commune_b=404, other_district=404),
        ),
    ]
)
