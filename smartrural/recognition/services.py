"""Writes to recognition dossiers: registration, the residents' satisfaction, moves through the
workflow, documents. Who may act is in ``permissions``, what blocks a move in ``blockers``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.criteria.models import CriteriaSet, Evaluation, IndicatorValue, ValueStatus
from smartrural.criteria.selectors import compiled, current_version
from smartrural.geo.models import AdministrativeUnit, Kind, path_ids

from .blockers import blockers
from .models import Dossier, DossierDocument, DossierTransition, Recognition, Stage, TargetLevel
from .permissions import FROZEN, is_unit_actor, may_act
from .workflow import ACTIONS, LEVEL_RULES


def _on(year: int) -> dt.date:
    return dt.date(year, 7, 1)


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
    *, unit: AdministrativeUnit, target_level: str, criteria_set: CriteriaSet, year: int, by: Actor
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
    if not by.can_write or not is_unit_actor(by, unit):
        raise Forbidden(_("Only the unit's own officers register its dossier."))
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
    *,
    dossier: Dossier,
    rate: Decimal | None,
    surveyed_outside: bool = False,
    version: int | None = None,
    by: Actor,
) -> Dossier:
    """Record the rate of a residents' satisfaction survey and whether it was held outside
    SmartRural (only then does the rate count, with the minutes attached: ``blockers``);
    ``EditConflict`` when the dossier changed since the writer read it at ``version``."""
    check_version(
        dossier,
        version,
        sent={"satisfaction_rate": rate, "surveyed_outside": surveyed_outside},
    )
    if dossier.stage in FROZEN:
        raise Conflict(_("The dossier can no longer be changed at this stage."))
    if not is_unit_actor(by, dossier.unit):
        raise Forbidden(_("Only the unit's own officers change its dossier."))
    if rate is not None and not Decimal(0) <= rate <= Decimal(100):
        raise ValidationFailed(_("A rate is between 0 and 100%."), field="satisfaction_rate")
    if surveyed_outside and rate is None:
        raise ValidationFailed(
            _("Give the rate of the survey held outside SmartRural."), field="satisfaction_rate"
        )
    dossier.satisfaction_rate = rate
    dossier.surveyed_outside = surveyed_outside
    dossier.save(update_fields=["satisfaction_rate", "surveyed_outside"])
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
    by: Actor,
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
        raise Forbidden(_("You are not the one who does this step."))
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


@transaction.atomic
def dossier_document_add(
    *, dossier: Dossier, kind: str, upload: UploadedFile, by: Actor
) -> DossierDocument:
    if dossier.stage in FROZEN and kind != "decision_scan":
        raise Conflict(_("The dossier can no longer be changed at this stage."))
    if kind == "decision_scan" and not by.sees_everything:
        raise Forbidden(_("Only the province office adds the decision."))
    if kind != "decision_scan" and not is_unit_actor(by, dossier.unit):
        raise Forbidden(_("Only the unit's own officers change its dossier."))
    return DossierDocument.objects.create(
        dossier=dossier,
        kind=kind,
        file=upload,
        original_name=upload.name or "",
        size=upload.size or 0,
        uploaded_by=by,
    )
