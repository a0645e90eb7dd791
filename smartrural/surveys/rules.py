"""The rules a survey is held to, their defaults per unit level (settings), and the scale every
satisfaction question offers.

QĐ 18/2022 and QĐ 320: a district needs ≥ 90% of residents satisfied with its results and, in
every commune, ≥ 80% on each content; the commune's own rate follows MTTQ guidance 90/HD-MTTW-BTT
(configurable: ``SURVEY_COMMUNE_OVERALL_MIN``). Coverage: the share of households that answered.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from smartrural.geo.models import AdministrativeUnit, Level

# The satisfaction scale: (name, label, counts as satisfied). Names are the XLSForm choice names.
SCALE: tuple[tuple[str, Promise, bool], ...] = (
    ("very_satisfied", _("Very satisfied"), True),
    ("satisfied", _("Satisfied"), True),
    ("not_satisfied", _("Not satisfied"), False),
)
SCALE_LIST_NAME = "satisfaction"


def default_rules(unit: AdministrativeUnit) -> dict[str, Decimal]:
    """``overall_min``, ``content_min``, ``coverage_min`` and ``sample_share`` for a new survey
    of ``unit``."""
    overall = (
        settings.SURVEY_DISTRICT_OVERALL_MIN
        if unit.level == Level.DISTRICT
        else settings.SURVEY_COMMUNE_OVERALL_MIN
    )
    return {
        "overall_min": Decimal(overall),
        "content_min": Decimal(settings.SURVEY_CONTENT_MIN),
        "coverage_min": Decimal(settings.SURVEY_COVERAGE_MIN),
        "sample_share": Decimal(settings.SURVEY_SAMPLE_SHARE),
    }
