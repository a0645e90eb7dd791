"""Surveys built through the services for tests: households in a hamlet, a survey of a commune
with a satisfaction question per content and its sample drawn, opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit

from ..models import Household, Survey
from ..services.sampling import sample_draw
from ..services.surveys import question_add, survey_create, survey_open
from ..specs import QuestionSpec, scale_choices

OPENS = dt.date(2023, 5, 1)
CLOSES = dt.date(2023, 6, 30)


def households(hamlet: AdministrativeUnit, count: int, *, start: int = 1) -> list[Household]:
    return [
        Household.objects.create(
            hamlet=hamlet, number=str(number), head_name=f"Chủ hộ {number}", address="Ấp"
        )
        for number in range(start, start + count)
    ]


def satisfaction(name: str, content: int | None, label: str = "") -> QuestionSpec:
    return QuestionSpec(
        name=name,
        label=label or f"Mức độ hài lòng về nội dung {content}",
        kind="scale",
        content=content,
        choices=scale_choices(),
    )


def open_survey(
    unit: AdministrativeUnit,
    *,
    by: User | None = None,
    contents: tuple[int, ...] = (1, 2),
    share: Decimal = Decimal(100),
    opens_on: dt.date = OPENS,
    closes_on: dt.date = CLOSES,
) -> Survey:
    """An open survey of ``unit`` (2023) with one satisfaction question per content and a
    comment, its sample drawn at ``share`` percent of the households on record."""
    survey = survey_create(
        unit=unit,
        year=opens_on.year,
        title=f"Khảo sát sự hài lòng {unit.name} {opens_on.year}",
        organiser="Ủy ban MTTQ Việt Nam xã",
        opens_on=opens_on,
        closes_on=closes_on,
        rules={"sample_share": share},
        by=by,
    )
    for content in contents:
        question_add(survey=survey, spec=satisfaction(f"c{content}", content), by=by)
    question_add(
        survey=survey,
        spec=QuestionSpec(name="y_kien", label="Ý kiến khác", kind="text", required=False),
        by=by,
    )
    sample_draw(survey=survey, by=by)
    return survey_open(survey=survey, version=survey.version, by=by)
