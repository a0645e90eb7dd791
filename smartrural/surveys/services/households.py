"""Writes to households: one at a time (the household pages); the Excel import
(``households_import``) is built on the same checks.

A household keeps only what finding its door needs (number, head's name, address); one that
moved away is made inactive, never deleted, so the samples drawn keep it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Household

HOUSEHOLD_FIELDS = ("number", "head_name", "address", "active")


def require_hamlet(unit: AdministrativeUnit) -> None:
    if unit.level != Level.HAMLET:
        raise ValidationFailed(
            _("Households belong to a hamlet; %(unit)s is not one.") % {"unit": unit.name},
            field="hamlet",
        )


def require_hamlet_in_scope(unit: AdministrativeUnit, by: User | None) -> None:
    """A writer's hamlet must lie in their units (checked here as well as by the form: the
    import and the API name hamlets by code)."""
    if by is not None and not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(hamlet)s is not in your units.") % {"hamlet": unit.name}, field="hamlet"
        )


def duplicate_number_message(hamlet: AdministrativeUnit, number: str) -> str:
    return _("%(hamlet)s already has a household number %(number)s.") % {
        "hamlet": hamlet.name,
        "number": number,
    }


def _save(household: Household, by: User | None) -> Household:
    household.search_name = fold(household.head_name)
    household.full_clean(exclude=["search_name"])
    household._history_user = by  # type: ignore[attr-defined]
    household.save()
    return household


@transaction.atomic
def household_create(
    *, hamlet: AdministrativeUnit, number: str, head_name: str, address: str = "", by: User | None
) -> Household:
    if by is not None:
        require_writer(by)
    require_hamlet(hamlet)
    require_hamlet_in_scope(hamlet, by)
    if Household.objects.filter(hamlet=hamlet, number=number).exists():
        raise ValidationFailed(duplicate_number_message(hamlet, number), field="number")
    household = Household(hamlet=hamlet, number=number, head_name=head_name, address=address)
    return _save(household, by)


@transaction.atomic
def household_update(
    *, household: Household, version: int | None, by: User | None, **fields: object
) -> Household:
    """Change a household's number, head, address or whether it is active (a household that
    moved away is made inactive, never deleted: samples drawn keep it)."""
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"household_update() cannot change {sorted(unknown)}")
    if by is not None:
        require_writer(by)
    check_version(household, version, sent=fields)
    for name, value in fields.items():
        setattr(household, name, value)
    clash = Household.objects.filter(hamlet=household.hamlet, number=household.number).exclude(
        pk=household.pk
    )
    if clash.exists():
        raise ValidationFailed(
            duplicate_number_message(household.hamlet, household.number), field="number"
        )
    return _save(household, by)


def household_set_active(
    *, household: Household, active: bool, version: int | None, by: User | None
) -> Household:
    """Make a household inactive (moved away, merged) or active again; a no-op when already
    so. An inactive household is left out of samples drawn afterwards."""
    return household_update(household=household, version=version, by=by, active=active)
