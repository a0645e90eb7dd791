"""What recognition asks of surveys (``recognition.satisfaction``): the closed survey of a
dossier's unit and year and whether it meets its rules. Registered in ``SurveysConfig.ready``.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.core.numbers import format_percent
from smartrural.recognition.models import Dossier
from smartrural.recognition.satisfaction import RuleLine, SurveyOutcome

from .models import Survey, SurveyStatus
from .results import SurveyResults, survey_results
from .rules import default_rules


def _weaker_rules(survey: Survey) -> list[RuleLine]:
    """A rule the survey set below what recognition requires of its level (the settings): a
    survey held to a lower bar does not count for the dossier, whatever its result."""
    required = default_rules(survey.unit)
    lines = []
    for name in ("overall_min", "content_min", "coverage_min"):
        if getattr(survey, name) < required[name]:
            label = str(Survey._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            reason = _("the survey asks “%(rule)s” %(set)s, recognition requires %(required)s") % {
                "rule": label,
                "set": format_percent(getattr(survey, name), None),
                "required": format_percent(required[name], None),
            }
            lines.append(RuleLine(label, False, reason))
    return lines


def _outcome(results: SurveyResults) -> SurveyOutcome:
    survey = results.survey
    rate = results.overall.percent
    weaker = _weaker_rules(survey)
    return SurveyOutcome(
        title=survey.title,
        met=results.met and not weaker,
        rate=results.overall.text(),
        rate_value=None if rate is None else Decimal(str(round(rate, 2))),
        url=reverse("surveys:results", args=[survey.pk]),
        rules=[RuleLine(rule.label, rule.met, rule.reason) for rule in results.rules] + weaker,
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
