"""Who acts on a dossier: the unit's own officers, the district that inspects it, the province
office; which workflow actions a user may take now and whether the dossier's content is open."""

from __future__ import annotations

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.accounts.models import Role
from smartrural.geo.models import AdministrativeUnit, Level

from .models import Dossier, Stage
from .workflow import ACTIONS, Action

# Stages whose documents are frozen: the dossier is with the reviewers or decided.
FROZEN = (Stage.SUBMITTED, Stage.INSPECTED, Stage.APPRAISED, Stage.DECIDED, Stage.ANNOUNCED)


def has_district(dossier: Dossier) -> bool:
    """Whether a district inspects this dossier (communes under a district, before 07/2025)."""
    parent = dossier.unit.parent
    return (
        dossier.unit.level == Level.COMMUNE
        and parent is not None
        and (parent.level == Level.DISTRICT)
    )


def is_unit_actor(user: Actor, unit: AdministrativeUnit) -> bool:
    """The unit's own officers (assigned to exactly this unit) and the province office."""
    if user.sees_everything:
        return True
    return unit.path in scope_for_user(user).paths


def _is_district_actor(user: Actor, dossier: Dossier) -> bool:
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


def may_act(user: Actor, dossier: Dossier, action: Action) -> bool:
    """Whether ``user`` is the actor of ``action`` on ``dossier`` (the stage is checked apart)."""
    if not user.can_write:
        return False
    actor = _reviewer_of(dossier) if action.actor == "reviewer" else action.actor
    if actor == "unit":
        return is_unit_actor(user, dossier.unit)
    if actor == "district":
        return _is_district_actor(user, dossier)
    return bool(user.sees_everything)


def available_actions(user: Actor, dossier: Dossier) -> list[Action]:
    return [
        action
        for action in ACTIONS.values()
        if dossier.stage in action.sources
        and may_act(user, dossier, action)
        and not (
            action.name == "appraise" and dossier.stage == Stage.SUBMITTED and has_district(dossier)
        )
    ]


def may_edit(user: Actor, dossier: Dossier) -> bool:
    """Whether ``user`` may change the dossier's own content now (satisfaction, documents):
    the unit's officers or the province office, before the dossier is submitted."""
    return (
        bool(getattr(user, "can_write", False))
        and dossier.stage not in FROZEN
        and is_unit_actor(user, dossier.unit)
    )


def may_register(user: Actor, unit: AdministrativeUnit) -> bool:
    """Whether ``user`` registers dossiers of ``unit`` (its own officers, the province)."""
    return bool(getattr(user, "can_write", False)) and is_unit_actor(user, unit)
