"""What recognition asks of surveys (``recognition.satisfaction``): the closed survey of a
dossier's unit and year and whether it meets its rules. Registered in ``SurveysConfig.ready``.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from smartrural.recognition.models import Dossier
from smartrural.recognition.satisfaction import RuleLine, SurveyOutcome

from .models import Survey, SurveyStatus
from .results import SurveyResults, survey_results


def _outcome(results: SurveyResults) -> SurveyOutcome:
    survey = results.survey
    rate = results.overall.percent
    return SurveyOutcome(
        title=survey.title,
        met=results.met,
        rate=results.overall.text(),
        rate_value=None if rate is None else Decimal(str(round(rate, 2))),
        url=reverse("surveys:results", args=[survey.pk]),
        rules=[RuleLine(rule.label, rule.met, rule.reason) for rule in results.rules],
    )


def dossier_survey(dossier: Dossier) -> SurveyOutcome | None:
    """The closed survey of the dossier's unit and year: the latest closed one that meets its
    rules, else the latest closed one; None without a closed survey."""
    closed = list(
        Survey.objects.filter(unit=dossier.unit, year=dossier.year, status=SurveyStatus.CLOSED)
        .select_related("unit", "criteria_set")
        .order_by("-closed_at", "-pk")
    )
    first: SurveyOutcome | None = None
    for survey in closed:
        outcome = _outcome(survey_results(survey))
        if outcome.met:
            return outcome
        first = first or outcome
    return first
