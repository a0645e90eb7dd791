"""Writes to user accounts, their unit assignments and their second factor."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit

from .access import forget_scope, scope_for_user
from .actor import Actor
from .models import Role, UnitAssignment, User

# Roles a manager below the province office may give and manage (inside their scope).
DISTRICT_ASSIGNABLE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.VIEWER, Role.RESIDENT})


def roles_assignable_by(manager: User) -> list[tuple[str, str]]:
    """The role choices ``manager`` may give, in the order of ``Role``."""
    if manager.sees_everything:
        return [(value, str(label)) for value, label in Role.choices]
    return [
        (value, str(label)) for value, label in Role.choices if value in DISTRICT_ASSIGNABLE_ROLES
    ]


def _check_units_for_role(*, role: str, units: list[AdministrativeUnit]) -> None:
    if role not in Role.values:
        raise ValidationFailed(_("Choose a valid role."), field="role")
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
    *, by: Actor | None, role: str, units: list[AdministrativeUnit]
) -> None:
    if by is None or by.sees_everything:
        return
    if not by.can_manage_users:
        raise ValidationFailed(_("You cannot manage user accounts."), field="role")
    if role not in DISTRICT_ASSIGNABLE_ROLES:
        raise ValidationFailed(_("Only the province office can give this role."), field="role")
    scope = scope_for_user(by)
    for unit in units:
        if not scope.contains(unit):
            raise ValidationFailed(
                _("%(unit)s is outside your units.") % {"unit": unit.name}, field="units"
            )


def _check_manager_may_change(*, by: Actor | None, user: User) -> None:
    """Below the province office, a manager changes only the roles they may give."""
    if by is None or by.sees_everything:
        return
    if user.pk == by.pk or user.role not in DISTRICT_ASSIGNABLE_ROLES or user.is_superuser:
        raise ValidationFailed(_("Only the province office can change this account."))


def _check_email_free(*, email: str, exclude_pk: int | None = None) -> None:
    if not email:
        return
    clash = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed(_("Another account uses this e-mail address."), field="email")


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
    by: Actor | None = None,
) -> User:
    """Create an account; without ``password`` it cannot log in until the password is set."""
    unit_list = list(units)
    username = username.strip()
    email = email.strip()
    if not username:
        raise ValidationFailed(_("The user name is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This user name is taken."), field="username")
    _check_email_free(email=email)
    _check_units_for_role(role=role, units=unit_list)
    _check_manager_may_assign(by=by, role=role, units=unit_list)
    user = User(
        username=username,
        role=role,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
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


def _replace_units(
    *, user: User, role: str, units: list[AdministrativeUnit], by: Actor | None
) -> bool:
    """Check and apply ``role`` and ``units`` to ``user`` (not saved); True if anything changed.

    A change of units is noted as the change reason of the user's next history record.
    """
    _check_manager_may_change(by=by, user=user)
    _check_units_for_role(role=role, units=units)
    _check_manager_may_assign(by=by, role=role, units=units)
    wanted = {u.pk for u in units}
    removed = list(UnitAssignment.objects.filter(user=user).exclude(unit_id__in=wanted))
    for assignment in removed:
        assignment.delete()
    have = set(UnitAssignment.objects.filter(user=user).values_list("unit_id", flat=True))
    added = [unit for unit in units if unit.pk not in have]
    for unit in added:
        UnitAssignment.objects.create(user=user, unit=unit, created_by=by)
    forget_scope(user)
    if removed or added:
        codes = ", ".join(sorted(u.code for u in units)) or "—"
        user._change_reason = _("Units: %(codes)s") % {"codes": codes}  # type: ignore[attr-defined]
    changed = user.role != role or bool(removed or added)
    user.role = role
    return changed


@transaction.atomic
def user_set_units(
    *, user: User, role: str, units: Iterable[AdministrativeUnit], by: Actor | None = None
) -> User:
    """Give ``user`` a role and exactly these units (assignments are added and removed)."""
    if _replace_units(user=user, role=role, units=list(units), by=by):
        user.save(update_fields=["role"])
    return user


def _set_contact(*, user: User, first_name: str, last_name: str, email: str) -> None:
    email = email.strip()
    _check_email_free(email=email, exclude_pk=user.pk)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email


@transaction.atomic
def user_update(
    *, user: User, first_name: str, last_name: str, email: str, by: Actor | None = None
) -> User:
    """Change the name and e-mail address of an account (anyone may change their own)."""
    if by is not None and by.pk != user.pk:
        _check_manager_may_change(by=by, user=user)
    _set_contact(user=user, first_name=first_name, last_name=last_name, email=email)
    user.save(update_fields=["first_name", "last_name", "email"])
    return user


def _codes(units: Iterable[AdministrativeUnit]) -> str:
    return ", ".join(sorted(u.code for u in units))


def _assigned_units(user: User) -> list[AdministrativeUnit]:
    return [a.unit for a in UnitAssignment.objects.filter(user=user).select_related("unit")]


@transaction.atomic
def user_edit(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    units: Iterable[AdministrativeUnit],
    version: int | None = None,
    by: Actor | None = None,
) -> User:
    """Name, e-mail, role and units in one all-or-nothing change (one history record).
    ``version``: the one the manager read (``EditConflict`` when the account changed since)."""
    unit_list = list(units)
    check_version(
        user,
        version,
        sent={
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "email": email.strip(),
            "role": role,
            "units": _codes(unit_list),
        },
        extra={"units": (_("units"), _codes(_assigned_units(user)))},
    )
    _set_contact(user=user, first_name=first_name, last_name=last_name, email=email)
    _replace_units(user=user, role=role, units=unit_list, by=by)
    user.save(update_fields=["first_name", "last_name", "email", "role"])
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: Actor | None = None) -> User:
    """Stop an account: its sessions and API tokens stop working at their next use."""
    if by is not None and by.pk == user.pk:
        raise ValidationFailed(_("You cannot deactivate your own account."))
    _check_manager_may_change(by=by, user=user)
    check_version(user, None, sent={})
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: Actor | None = None) -> User:
    _check_manager_may_change(by=by, user=user)
    check_version(user, None, sent={})
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def user_invite(*, user: User, domain: str, use_https: bool) -> None:
    """E-mail ``user`` a link to choose their password (the password-reset link)."""
    if not user.email:
        raise ValidationFailed(_("An invitation needs an e-mail address."), field="email")
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": f"{'https' if use_https else 'http'}://{domain}{path}",
        "site_name": settings.SITE_NAME,
        "province": settings.PROVINCE_NAME,
    }
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    body = render_to_string("accounts/email/invitation.txt", context)
    EmailMultiAlternatives(subject, body, None, [user.email]).send()


# Two-factor authentication (TOTP).


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the user is setting up (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a device with a code from the authenticator app.

    Not one transaction: a wrong code must still count towards the device's throttling.
    """
    if not device.verify_token(token):
        raise ValidationFailed(_("The code is wrong or has expired."), field="code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


def totp_required_for(user: User) -> bool:
    return bool(settings.REQUIRE_2FA_FOR_STAFF and (user.sees_everything or user.is_superuser))


def totp_disable(*, user: User, token: str) -> None:
    """Remove the user's authenticator after checking a current code from it.

    Not one transaction: a wrong code must still count towards the device's throttling.
    """
    if totp_required_for(user):
        raise ValidationFailed(_("Two-factor authentication is required for your account."))
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not any(device.verify_token(token) for device in devices):
        raise ValidationFailed(_("The code is wrong or has expired."), field="code")
    TOTPDevice.objects.filter(user=user).delete()
