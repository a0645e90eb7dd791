"""What stands in the way of a workflow action: criteria not met, the residents' satisfaction,
the district's inspection, the advanced set for an advanced or model level."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from smartrural.criteria.engine import NOT_APPLICABLE, Result
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import compiled, current_version, evaluation_detail

from .models import DocumentKind, Dossier, Stage
from .permissions import has_district
from .satisfaction import dossier_survey
from .workflow import LEVEL_RULES, Action

ADVANCED_AWARD = "advanced"


def _satisfaction_threshold() -> Decimal:
    return Decimal(settings.RECOGNITION_SATISFACTION_THRESHOLD)


def _unmet_reasons(result: Result) -> list[str]:
    reasons = [
        _("Criterion %(number)s (%(name)s) is not met.")
        % {"number": criterion.number, "name": criterion.name}
        for criterion in result.criteria
        if not criterion.met
    ]
    reasons.extend(
        _("Condition %(code)s (%(name)s) is not met.")
        % {"code": indicator.code, "name": indicator.name}
        for group in result.conditions
        if not group.met
        for indicator in group.indicators
        if indicator.met is not True and indicator.status != NOT_APPLICABLE
    )
    return reasons


MINUTES = (DocumentKind.MEETING_MINUTES, DocumentKind.SATISFACTION_RESULT)


def _satisfaction_unmet(dossier: Dossier) -> list[str]:
    """Reasons the residents' satisfaction condition is not met (empty: met).

    Met by a closed survey of the dossier's unit and year on SmartRural that meets its rules
    (``satisfaction.dossier_survey``). Otherwise only a survey held outside SmartRural counts:
    the dossier marked so, its minutes attached (meeting minutes or the survey's result) and
    the typed-in rate at least ``RECOGNITION_SATISFACTION_THRESHOLD``."""
    survey = dossier_survey(dossier)
    if survey is not None and survey.met:
        return []
    if not dossier.surveyed_outside:
        if survey is not None:
            return [
                _(
                    "The residents' satisfaction survey “%(title)s” does not meet its rules: "
                    "%(reasons)s."
                )
                % {"title": survey.title, "reasons": "; ".join(survey.reasons)}
            ]
        return [
            _(
                "No closed residents' satisfaction survey of %(year)s on SmartRural. Close the "
                "survey, or record the rate of a survey held outside SmartRural with its minutes."
            )
            % {"year": dossier.year}
        ]
    problems: list[str] = []
    if not dossier.documents.filter(kind__in=MINUTES).exists():
        problems.append(
            _(
                "The satisfaction survey held outside SmartRural needs its minutes attached "
                "(meeting minutes or the survey's result)."
            )
        )
    threshold = _satisfaction_threshold()
    if dossier.satisfaction_rate is None:
        problems.append(_("The residents' satisfaction rate is not recorded."))
    elif dossier.satisfaction_rate < threshold:
        problems.append(
            _("Residents' satisfaction %(rate)s%% is below the required %(min)s%%.")
            % {"rate": dossier.satisfaction_rate, "min": threshold}
        )
    return problems


def _criteria_unmet(dossier: Dossier, result: Result | None = None) -> list[str]:
    """Reasons the dossier's unit does not meet its set in the dossier's year (empty: met):
    each criterion not met, then each recognition condition not met.

    ``result``: the unit's evaluation when the caller already has it (the dossier page)."""
    if result is None:
        found = evaluation_detail(dossier.unit, dossier.criteria_set, dossier.year)
        if found is None:
            return [_("The criteria set has no version to evaluate against.")]
        result = found[0]
    return _unmet_reasons(result)


def _set_chain(criteria_set: CriteriaSet) -> list[tuple[CriteriaSet, Any]]:
    """The set and the sets it requires (QD319-XA-KM → QD318-XA-NC → QD318-XA), each with its
    current definition (sets without a version are left out)."""
    chain: list[tuple[CriteriaSet, Any]] = []
    seen: set[int] = set()
    node: CriteriaSet | None = criteria_set
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        version = current_version(node)
        if version is None:
            break
        definition = compiled(version).definition
        chain.append((node, definition))
        node = (
            CriteriaSet.objects.filter(code=definition.requires).first()
            if definition.requires
            else None
        )
    return chain


def _advanced_unmet(dossier: Dossier) -> list[str]:
    """For an advanced or model level: reasons the unit's values do not meet the advanced
    commune set (QĐ 318, Phụ lục II) in the dossier's year (empty: they do)."""
    if not LEVEL_RULES[dossier.target_level].needs_advanced_set:
        return []
    advanced = next(
        (s for s, d in _set_chain(dossier.criteria_set) if d.awards == ADVANCED_AWARD), None
    )
    if advanced is None:
        return [
            _("No criteria set for advanced NTM communes to check %(year)s against.")
            % {"year": dossier.year}
        ]
    found = evaluation_detail(dossier.unit, advanced, dossier.year)
    if found is None:
        return [_("The criteria set has no version to evaluate against.")]
    reasons = _unmet_reasons(found[0])
    if not reasons:
        return []
    return [
        _("The values of %(year)s do not meet the advanced NTM set %(code)s:")
        % {"year": dossier.year, "code": advanced.code},
        *reasons,
    ]


def blockers(dossier: Dossier, action: Action, *, result: Result | None = None) -> list[str]:
    """What stands in the way of ``action`` (checked conditions), in the user's language."""
    problems: list[str] = []
    if action.name == "submit":
        problems.extend(_criteria_unmet(dossier, result))
        problems.extend(_satisfaction_unmet(dossier))
    if action.name == "appraise" and dossier.stage == Stage.SUBMITTED and has_district(dossier):
        problems.append(_("The district must inspect the dossier first."))
    if action.name == "decide":
        problems.extend(_advanced_unmet(dossier))
    return problems
