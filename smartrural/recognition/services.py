"""Writes to recognition dossiers: registration, moves through the workflow, documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.models import Role
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.criteria.engine import NOT_APPLICABLE, Result
from smartrural.criteria.models import CriteriaSet, Evaluation, IndicatorValue, ValueStatus
from smartrural.criteria.selectors import compiled, current_version, evaluation_detail
from smartrural.geo.models import AdministrativeUnit, Kind, Level, path_ids

from .models import (
    Dossier,
    DossierDocument,
    DossierTransition,
    Recognition,
    Stage,
    TargetLevel,
)
from .workflow import ACTIONS, LEVEL_RULES, Action

ADVANCED_AWARD = "advanced"
# Stages whose documents are frozen: the dossier is with the reviewers or decided.
_FROZEN = (Stage.SUBMITTED, Stage.INSPECTED, Stage.APPRAISED, Stage.DECIDED, Stage.ANNOUNCED)


def _on(year: int) -> dt.date:
    return dt.date(year, 7, 1)


def has_district(dossier: Dossier) -> bool:
    """Whether a district inspects this dossier (communes under a district, before 07/2025)."""
    parent = dossier.unit.parent
    return (
        dossier.unit.level == Level.COMMUNE
        and parent is not None
        and (parent.level == Level.DISTRICT)
    )


def _is_unit_actor(user: Any, unit: AdministrativeUnit) -> bool:
    """The unit's own officers (assigned to exactly this unit) and the province office."""
    if user.sees_everything:
        return True
    return unit.path in scope_for_user(user).paths


def _is_district_actor(user: Any, dossier: Dossier) -> bool:
    if user.sees_everything:
        return True
    return (
        user.role == Role.DISTRICT_OFFICER
        and has_district(dossier)
        and scope_for_user(user).is_strictly_inside(dossier.unit)
    )


def _reviewer_of(dossier: Dossier) -> str:
    if dossier.stage == Stage.SUBMITTED and has_district(dossier):
        return "district"
    return "province"


def may_act(user: Any, dossier: Dossier, action: Action) -> bool:
    """Whether ``user`` is the actor of ``action`` on ``dossier`` (the stage is checked apart)."""
    if not user.can_write:
        return False
    actor = _reviewer_of(dossier) if action.actor == "reviewer" else action.actor
    if actor == "unit":
        return _is_unit_actor(user, dossier.unit)
    if actor == "district":
        return _is_district_actor(user, dossier)
    return bool(user.sees_everything)


def available_actions(user: Any, dossier: Dossier) -> list[Action]:
    return [
        action
        for action in ACTIONS.values()
        if dossier.stage in action.sources
        and may_act(user, dossier, action)
        and not (
            action.name == "appraise" and dossier.stage == Stage.SUBMITTED and has_district(dossier)
        )
    ]


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
        threshold = _satisfaction_threshold()
        if dossier.satisfaction_rate is None:
            problems.append(_("The residents' satisfaction rate is not recorded."))
        elif dossier.satisfaction_rate < threshold:
            problems.append(
                _("Residents' satisfaction %(rate)s%% is below the required %(min)s%%.")
                % {"rate": dossier.satisfaction_rate, "min": threshold}
            )
    if action.name == "appraise" and dossier.stage == Stage.SUBMITTED and has_district(dossier):
        problems.append(_("The district must inspect the dossier first."))
    if action.name == "decide":
        problems.extend(_advanced_unmet(dossier))
    return problems


def _check_level_fits(unit: AdministrativeUnit, target_level: str) -> None:
    """The unit's kind must be one that seeks ``target_level`` (a phường cannot seek "xã nông
    thôn mới", a huyện "hoàn thành nhiệm vụ", a thị xã "huyện nông thôn mới")."""
    rule = LEVEL_RULES[target_level]
    if unit.level == rule.unit_level and unit.kind in rule.unit_kinds:
        return
    labels = dict(Kind.choices)
    kinds = ", ".join(str(labels[k]).lower() for k in sorted(rule.unit_kinds))
    raise ValidationFailed(
        _("%(unit)s is a %(kind)s: “%(level)s” is for a %(kinds)s only.")
        % {
            "unit": unit.name,
            "kind": str(labels.get(unit.kind, unit.kind)).lower(),
            "level": TargetLevel(target_level).label,
            "kinds": kinds,
        },
        field="target_level",
    )


def _check_set_awards(criteria_set: CriteriaSet, target_level: str) -> None:
    """The set must be one that judges ``target_level`` (a set without a version is checked
    when it is evaluated)."""
    version = current_version(criteria_set)
    if version is None:
        return
    awards = compiled(version).definition.awards
    if awards != LEVEL_RULES[target_level].set_awards:
        raise ValidationFailed(
            _("The criteria set %(code)s does not judge “%(level)s”.")
            % {"code": criteria_set.code, "level": TargetLevel(target_level).label},
            field="criteria_set",
        )


@transaction.atomic
def dossier_register(
    *, unit: AdministrativeUnit, target_level: str, criteria_set: CriteriaSet, year: int, by: Any
) -> Dossier:
    if target_level not in TargetLevel.values:
        raise ValidationFailed(_("Unknown target level."), field="target_level")
    _check_level_fits(unit, target_level)
    if not unit.is_valid_on(_on(year)):
        raise ValidationFailed(
            _("%(unit)s did not exist in %(year)s.") % {"unit": unit.name, "year": year},
            field="year",
        )
    if criteria_set.unit_level != unit.level:
        raise ValidationFailed(
            _("This criteria set is not for this kind of unit."), field="criteria_set"
        )
    _check_set_awards(criteria_set, target_level)
    if not by.can_write or not _is_unit_actor(by, unit):
        raise PermissionDenied(_("Only the unit's own officers register its dossier."))
    if Dossier.objects.filter(unit=unit, target_level=target_level, year=year).exists():
        raise Conflict(_("A dossier for this unit, level and year already exists."))
    dossier = Dossier.objects.create(
        unit=unit,
        target_level=target_level,
        criteria_set=criteria_set,
        year=year,
        stage=Stage.REGISTERED,
        stage_entered_at=timezone.now(),
        created_by=by,
    )
    DossierTransition.objects.create(
        dossier=dossier, from_stage="", to_stage=Stage.REGISTERED, by=by
    )
    return dossier


@transaction.atomic
def dossier_set_satisfaction(
    *, dossier: Dossier, rate: Decimal, version: int | None = None, by: Any
) -> Dossier:
    """Record the residents' satisfaction rate (``EditConflict`` when the dossier changed since
    the writer read it at ``version``)."""
    check_version(dossier, version, sent={"satisfaction_rate": rate})
    if dossier.stage in _FROZEN:
        raise Conflict(_("The dossier can no longer be changed at this stage."))
    if not _is_unit_actor(by, dossier.unit):
        raise PermissionDenied(_("Only the unit's own officers change its dossier."))
    if not Decimal(0) <= rate <= Decimal(100):
        raise ValidationFailed(_("A rate is between 0 and 100%."), field="satisfaction_rate")
    dossier.satisfaction_rate = rate
    dossier.save(update_fields=["satisfaction_rate"])
    return dossier


def _lock_values(dossier: Dossier, status: str) -> None:
    IndicatorValue.objects.filter(
        unit=dossier.unit, criteria_set=dossier.criteria_set.root, year=dossier.year
    ).update(status=status, version=F("version") + 1)


@transaction.atomic
def dossier_move(
    *,
    dossier: Dossier,
    action_name: str,
    by: Any,
    comment: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_signer: str = "",
    version: int | None = None,
) -> Dossier:
    """Apply one workflow action; refuses with the reason when the stage, the actor or a
    condition does not allow it. Records the transition. ``version``: the dossier's version
    the actor saw; a dossier moved on since (another officer acted) is an ``EditConflict``
    naming the stage it is in now, never a second transition."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise ValidationFailed(_("Unknown action."), field="action")
    # Lock the dossier row only: PostgreSQL cannot lock the nullable side of the join.
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit__parent", "criteria_set")
        .get(pk=dossier.pk)
    )
    check_version(dossier, version, sent={"stage": action.target})
    if dossier.stage not in action.sources:
        raise Conflict(
            _("“%(action)s” is not possible while the dossier is “%(stage)s”.")
            % {"action": action.label, "stage": dossier.get_stage_display()}
        )
    if not may_act(by, dossier, action):
        raise PermissionDenied(_("You are not the one who does this step."))
    problems = blockers(dossier, action)
    if problems:
        raise ValidationFailed(" ".join(problems))
    if action.needs_comment and not comment.strip():
        raise ValidationFailed(_("Give the reasons."), field="comment")
    previous = dossier.stage
    if action.name == "decide":
        _decide(dossier, decision_number, decision_date, decision_signer)
    elif action.name == "return":
        dossier.return_reason = comment.strip()
        _lock_values(dossier, ValueStatus.ENTERED)
    elif action.name == "submit":
        _lock_values(dossier, ValueStatus.LOCKED)
    elif action.name == "revoke":
        dossier.revocation_reason = comment.strip()
        Recognition.objects.filter(dossier=dossier).update(
            revoked_at=timezone.localdate(), revocation_reason=comment.strip()
        )
        _invalidate_units_above(dossier)
    dossier.stage = action.target
    dossier.stage_entered_at = timezone.now()
    dossier.save()
    DossierTransition.objects.create(
        dossier=dossier,
        from_stage=previous,
        to_stage=action.target,
        comment=comment.strip(),
        by=by,
    )
    return dossier


def _invalidate_units_above(dossier: Dossier) -> None:
    """A recognition changes the derived conditions of the units above (a district's share of
    NTM communes) for its year and every later one: drop those cached evaluations."""
    above = path_ids(dossier.unit.path)[:-1]
    Evaluation.objects.filter(unit_id__in=above, year__gte=dossier.year).delete()


def _decide(dossier: Dossier, number: str, date: dt.date | None, signer: str) -> None:
    if not number.strip():
        raise ValidationFailed(_("The decision number is required."), field="decision_number")
    if date is None:
        raise ValidationFailed(_("The decision date is required."), field="decision_date")
    dossier.decision_number = number.strip()
    dossier.decision_date = date
    dossier.decision_signer = signer.strip()
    # The law names who decides each level: callers never say it.
    dossier.decision_authority = LEVEL_RULES[dossier.target_level].authority
    Recognition.objects.create(
        unit=dossier.unit,
        level=dossier.target_level,
        year=dossier.year,
        decision_number=dossier.decision_number,
        decision_date=date,
        signer=dossier.decision_signer,
        authority=dossier.decision_authority,
        dossier=dossier,
    )
    _invalidate_units_above(dossier)


def stage_overran(
    stage: str,
    entered_at: dt.datetime,
    *,
    ended_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Whether a stay in ``stage`` from ``entered_at`` went past the stage's deadline: the
    deadline is compared with the moment the stage ended (the next transition) or, only while
    the stage is still open (``ended_at`` None), with now. A dossier decided in 2023 within its
    deadlines is therefore never overdue later."""
    days = settings.RECOGNITION_STAGE_DAYS.get(stage)
    if days is None:
        return False
    end = ended_at if ended_at is not None else (now or timezone.now())
    return end - entered_at > dt.timedelta(days=days)


def is_overdue(dossier: Dossier, *, now: dt.datetime | None = None) -> bool:
    """Whether the dossier's current (still open) stage is past its deadline."""
    return stage_overran(dossier.stage, dossier.stage_entered_at, now=now)


@transaction.atomic
def dossier_document_add(
    *, dossier: Dossier, kind: str, upload: UploadedFile, by: Any
) -> DossierDocument:
    if dossier.stage in _FROZEN and kind != "decision_scan":
        raise Conflict(_("The dossier can no longer be changed at this stage."))
    if kind == "decision_scan" and not by.sees_everything:
        raise PermissionDenied(_("Only the province office adds the decision."))
    if kind != "decision_scan" and not _is_unit_actor(by, dossier.unit):
        raise PermissionDenied(_("Only the unit's own officers change its dossier."))
    return DossierDocument.objects.create(
        dossier=dossier,
        kind=kind,
        file=upload,
        original_name=upload.name or "",
        size=upload.size or 0,
        uploaded_by=by,
    )


def may_edit(user: Any, dossier: Dossier) -> bool:
    """Whether ``user`` may change the dossier's own content now (satisfaction, documents):
    the unit's officers or the province office, before the dossier is submitted."""
    return (
        bool(getattr(user, "can_write", False))
        and dossier.stage not in _FROZEN
        and _is_unit_actor(user, dossier.unit)
    )


def may_register(user: Any, unit: AdministrativeUnit) -> bool:
    """Whether ``user`` registers dossiers of ``unit`` (its own officers, the province)."""
    return bool(getattr(user, "can_write", False)) and _is_unit_actor(user, unit)
