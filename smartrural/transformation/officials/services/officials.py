"""Writes of programme officials: create, edit, deactivate and reactivate. Every change is kept
in the official's history.

Officials belong to a province, district or commune unit in the writer's scope. Within a unit an
identifier (when given) names one official; officials without an identifier are told apart by
their name, so a second official of the same name needs an identifier. Names, positions and
identifiers come checked by their form (``forms.OfficialForm``, ``OfficialRowForm``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit

from ...authored import save_as
from ...models import Official
from ..selectors import OFFICIAL_LEVELS


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_unit(unit: AdministrativeUnit, by: Actor) -> None:
    if unit.level not in OFFICIAL_LEVELS:
        raise ValidationFailed(
            _("Officials belong to a province, district or commune; %(unit)s is not one.")
            % {"unit": unit.name},
            field="unit",
        )
    if not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(unit)s is not among your units.") % {"unit": unit.name}, field="unit"
        )


def _check_unique(
    *, unit: AdministrativeUnit, full_name: str, identifier: str, exclude: int | None
) -> None:
    others = Official.objects.filter(unit=unit).only("full_name", "identifier")
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if identifier:
        if any(o.identifier.casefold() == identifier.casefold() for o in others):
            raise ValidationFailed(
                _("Another official of %(unit)s already has the identifier “%(id)s”.")
                % {"unit": unit.name, "id": identifier},
                field="identifier",
            )
        return
    if any(name_key(o.full_name) == name_key(full_name) for o in others):
        raise ValidationFailed(
            _(
                "%(name)s already works in %(unit)s: give an identifier (e.g. an e-mail or a "
                "staff number) to tell two officials of the same name apart."
            )
            % {"name": full_name, "unit": unit.name},
            field="identifier",
        )


@transaction.atomic
def official_create(
    *,
    unit: AdministrativeUnit,
    full_name: str,
    position: str,
    identifier: str = "",
    active: bool = True,
    by: Actor,
) -> Official:
    """Add an official to ``unit`` (``ValidationFailed``; ``PermissionDenied`` read-only)."""
    require_writer(by)
    check_unit(unit, by)
    _check_unique(unit=unit, full_name=full_name, identifier=identifier, exclude=None)
    official = Official(
        unit=unit, full_name=full_name, position=position, identifier=identifier, active=active
    )
    return save_as(official, by)


@transaction.atomic
def official_update(
    *,
    official: Official,
    unit: AdministrativeUnit,
    full_name: str,
    position: str,
    identifier: str = "",
    version: int | None = None,
    by: Actor,
) -> Official:
    """Correct an official's unit, name, position or identifier (nothing saved if unchanged;
    ``EditConflict`` when the official changed since the writer read it at ``version``)."""
    require_writer(by)
    check_unit(official.unit, by)
    check_unit(unit, by)
    sent = {"unit": unit, "full_name": full_name, "position": position, "identifier": identifier}
    check_version(official, version, sent=sent)
    _check_unique(unit=unit, full_name=full_name, identifier=identifier, exclude=official.pk)
    stored = (official.unit_id, official.full_name, official.position, official.identifier)
    if (unit.pk, full_name, position, identifier) == stored:
        return official
    official.unit, official.full_name = unit, full_name
    official.position, official.identifier = position, identifier
    return save_as(official, by)


@transaction.atomic
def official_set_active(*, official: Official, active: bool, by: Actor) -> Official:
    """Deactivate (left the programme) or reactivate an official; a no-op when already so."""
    require_writer(by)
    check_unit(official.unit, by)
    check_version(official, None, sent={})
    if official.active == active:
        return official
    official.active = active
    return save_as(official, by)
