"""The drill-down's last step: one unit's evaluation, criterion by criterion, with indicators'
values, thresholds, explanations and how much evidence each value carries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.accounts.dashboards import access_dashboard_unit, ancestors_of
from smartrural.criteria.definition import CONFIRMED
from smartrural.criteria.display import threshold_display, value_display
from smartrural.criteria.engine import MISSING, NOT_APPLICABLE, CriterionResult, IndicatorResult
from smartrural.criteria.explain import OP_MET
from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.provenance import threshold_origin, threshold_scope
from smartrural.criteria.selectors import (
    as_of_for_year,
    criteria_set_by_code,
    evaluation_detail,
    provincial_thresholds,
    root_id,
)


def _threshold(result: IndicatorResult) -> str:
    """As the entry page writes it: "≥ 80%", with the region, group or year it is limited to."""
    t = result.threshold
    if t is None:
        return "—"
    op = OP_MET.get(result.indicator.comparator, result.indicator.comparator)
    text = f"{op} {threshold_display(result.indicator, t)}"
    return f"{text} ({threshold_scope(t)})" if t.specificity else text


def _status(result: IndicatorResult) -> str:
    """ "met", "not_met", "missing" (no data: not judged) or "" (does not apply)."""
    if result.status == MISSING:
        return "missing"
    if result.met is None:
        return ""
    return "met" if result.met else "not_met"


def _criterion_status(criterion: CriterionResult) -> str:
    """ "met", "no_data" (none of its indicators entered) or "not_met"."""
    if criterion.met:
        return "met"
    applicable = [i for i in criterion.indicators if i.status != NOT_APPLICABLE]
    if applicable and all(i.status == MISSING for i in applicable):
        return "no_data"
    return "not_met"


def unit_evaluation_context(user: Actor, *, code: str, set_code: str, year: int) -> dict[str, Any]:
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
    provincial = provincial_thresholds(criteria_set)

    def block(c: CriterionResult) -> dict[str, Any]:
        return {
            "number": c.number,
            "name": c.name,
            "met": c.met,
            "status": _criterion_status(c),
            "indicators": [
                {
                    "code": i.code,
                    "name": i.name,
                    "value": value_display(i.indicator, i.value),
                    "threshold": _threshold(i),
                    "origin": (
                        threshold_origin(i.threshold, provincial=provincial(i.code, i.threshold))
                        if i.threshold is not None
                        else ""
                    ),
                    "confirmed": i.threshold is not None and i.threshold.provenance == CONFIRMED,
                    "met": i.met,
                    "status": _status(i),
                    "explanation": i.explanation(),
                    "evidence": evidence.get(i.code, 0),
                }
                for i in c.indicators
            ],
        }

    criteria = [block(c) for c in result.criteria]
    statuses = [c["status"] for c in criteria]
    return {
        "unit": unit,
        "criteria_set": criteria_set,
        "version": version,
        "year": year,
        "result": result,
        "criteria": criteria,
        "criteria_no_data": statuses.count("no_data"),
        "no_data": bool(statuses) and statuses.count("no_data") == len(statuses),
        # A district's recognition conditions (QĐ 320), shown apart: they are not criteria.
        "conditions": [block(c) for c in result.conditions],
        "ancestors": ancestors_of(unit, user),
        "data_entry_url": f"/criteria/{criteria_set.code}/{year}/{unit.code}/",
    }
