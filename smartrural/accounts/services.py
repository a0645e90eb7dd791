"""Writes to user accounts and their unit assignments."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from .access import forget_scope, scope_for_user
from .models import Role, UnitAssignment, User


def _check_units_for_role(*, role: str, units: list[AdministrativeUnit]) -> None:
    if role == Role.PROVINCE_OFFICE:
        return
    if not units:
        raise ValidationFailed(_("Assign at least one unit to this account."), field="units")
    expected = {
        Role.DISTRICT_OFFICER: {"district"},
        Role.COMMUNE_OFFICER: {"commune"},
        Role.RESIDENT: {"commune", "hamlet"},
    }.get(Role(role))
    if expected is None:
        return
    for unit in units:
        if unit.level not in expected:
            raise ValidationFailed(
                _("%(unit)s is not a unit this role can be assigned to.") % {"unit": unit.name},
                field="units",
            )


def _check_manager_may_assign(
    *, by: User | None, role: str, units: list[AdministrativeUnit]
) -> None:
    if by is None or by.sees_everything:
        return
    if role == Role.PROVINCE_OFFICE or role == Role.DISTRICT_OFFICER:
        raise ValidationFailed(_("Only the province office can give this role."), field="role")
    scope = scope_for_user(by)
    for unit in units:
        if not scope.contains(unit):
            raise ValidationFailed(
                _("%(unit)s is outside your units.") % {"unit": unit.name}, field="units"
            )


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    units: Iterable[AdministrativeUnit] = (),
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    is_demo: bool = False,
    by: User | None = None,
) -> User:
    unit_list = list(units)
    username = username.strip()
    if not username:
        raise ValidationFailed(_("The user name is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This user name is taken."), field="username")
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationFailed(_("Another account uses this e-mail address."), field="email")
    _check_units_for_role(role=role, units=unit_list)
    _check_manager_may_assign(by=by, role=role, units=unit_list)
    user = User(
        username=username,
        role=role,
        email=email.strip(),
        first_name=first_name,
        last_name=last_name,
        is_demo=is_demo,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    for unit in unit_list:
        UnitAssignment.objects.create(user=user, unit=unit, created_by=by)
    return user


@transaction.atomic
def user_set_units(
    *, user: User, role: str, units: Iterable[AdministrativeUnit], by: User | None = None
) -> User:
    unit_list = list(units)
    _check_units_for_role(role=role, units=unit_list)
    _check_manager_may_assign(by=by, role=role, units=unit_list)
    if user.role != role:
        user.role = role
        user.save(update_fields=["role"])
    wanted = {u.pk for u in unit_list}
    for assignment in UnitAssignment.objects.filter(user=user).exclude(unit_id__in=wanted):
        assignment.delete()
    have = set(UnitAssignment.objects.filter(user=user).values_list("unit_id", flat=True))
    for unit in unit_list:
        if unit.pk not in have:
            UnitAssignment.objects.create(user=user, unit=unit, created_by=by)
    forget_scope(user)
    return user
