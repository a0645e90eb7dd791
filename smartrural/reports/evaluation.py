"""The drill-down's last step: one unit's evaluation, criterion by criterion, with indicators'
values, thresholds, explanations and how much evidence each value carries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.criteria.definition import PASS_FAIL
from smartrural.criteria.engine import CriterionResult, IndicatorResult
from smartrural.criteria.explain import threshold_text
from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.selectors import (
    as_of_for_year,
    criteria_set_by_code,
    evaluation_detail,
    root_id,
)

from .selectors import access_dashboard_unit, ancestors_of


def _value_text(result: IndicatorResult) -> str:
    if result.value is None:
        return "—"
    if result.indicator.value_type == PASS_FAIL:
        return _("Pass") if result.value == "true" else _("Fail")
    unit = result.indicator.unit
    return f"{result.value} {unit}".strip() if unit else result.value


def _threshold(result: IndicatorResult) -> str:
    if result.threshold is None:
        return "—"
    text = f"{result.indicator.comparator} {threshold_text(result.threshold)}"
    return f"{text} {result.indicator.unit}".strip()


def unit_evaluation_context(user: Any, *, code: str, set_code: str, year: int) -> dict[str, Any]:
    """The page's context; 404 for a unit outside the user's scope, an unknown set or a set of
    another level than the unit's."""
    unit = access_dashboard_unit(user, code, as_of=as_of_for_year(year))
    criteria_set = criteria_set_by_code(set_code)
    if criteria_set is None or criteria_set.unit_level != unit.level:
        raise Http404(_("No criteria set %(code)s for this unit.") % {"code": set_code})
    detail = evaluation_detail(unit, criteria_set, year)
    if detail is None:
        raise Http404(_("The criteria set %(code)s has no version yet.") % {"code": set_code})
    result, version = detail
    evidence = dict(
        IndicatorValue.objects.filter(unit=unit, criteria_set_id=root_id(criteria_set), year=year)
        .annotate(n=Count("evidence"))
        .values_list("indicator_code", "n")
    )

    def block(c: CriterionResult) -> dict[str, Any]:
        return {
            "number": c.number,
            "name": c.name,
            "met": c.met,
            "indicators": [
                {
                    "code": i.code,
                    "name": i.name,
                    "value": _value_text(i),
                    "threshold": _threshold(i),
                    "met": i.met,
                    "explanation": i.explanation(),
                    "evidence": evidence.get(i.code, 0),
                }
                for i in c.indicators
            ],
        }

    return {
        "unit": unit,
        "criteria_set": criteria_set,
        "version": version,
        "year": year,
        "result": result,
        "criteria": [block(c) for c in result.criteria],
        # A district's recognition conditions (QĐ 320), shown apart: they are not criteria.
        "conditions": [block(c) for c in result.conditions],
        "ancestors": ancestors_of(unit, user),
        "data_entry_url": f"/criteria/{criteria_set.code}/{year}/{unit.code}/",
    }
