"""Writes to households: one at a time (the household pages); the Excel import is built on the
same checks."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Household


def require_hamlet(unit: AdministrativeUnit) -> None:
    if unit.level != Level.HAMLET:
        raise ValidationFailed(
            _("Households belong to a hamlet; %(unit)s is not one.") % {"unit": unit.name},
            field="hamlet",
        )


@transaction.atomic
def household_create(
    *, hamlet: AdministrativeUnit, number: str, head_name: str, address: str = "", by: User | None
) -> Household:
    require_hamlet(hamlet)
    if Household.objects.filter(hamlet=hamlet, number=number).exists():
        raise ValidationFailed(
            _("%(hamlet)s already has a household number %(number)s.")
            % {"hamlet": hamlet.name, "number": number},
            field="number",
        )
    household = Household(hamlet=hamlet, number=number, head_name=head_name, address=address)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_update(
    *, household: Household, version: int | None, by: User | None, **fields: object
) -> Household:
    """Change a household's number, head, address or whether it is active (a household that
    moved away is made inactive, never deleted: samples drawn keep it)."""
    check_version(household, version, sent=fields)
    for name, value in fields.items():
        setattr(household, name, value)
    clash = Household.objects.filter(hamlet=household.hamlet, number=household.number).exclude(
        pk=household.pk
    )
    if clash.exists():
        raise ValidationFailed(
            _("%(hamlet)s already has a household number %(number)s.")
            % {"hamlet": household.hamlet.name, "number": household.number},
            field="number",
        )
    household.full_clean()
    household.save()
    return household
