"""Forms of the accounts pages: login, second factor, tokens, user management."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.dates import today
from smartrural.core.textcheck import NameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

from .access import scope_for_user
from .backends import demo_account_refused
from .models import Role, User
from .services import roles_assignable_by


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=gettext_lazy("User name or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "The user name, e-mail or password is wrong, or the account is not active."
        ),
    }


class ResetForm(PasswordResetForm):
    """Django's password reset, without demo accounts outside the demo mode."""

    def get_users(self, email: str) -> Any:
        for user in super().get_users(email):
            if demo_account_refused(user):
                continue
            yield user


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits shown in your app."))
        return code


class TokenCreateForm(forms.Form):
    name = NameField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("What the token is for, e.g. “Excel import”."),
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("All roles")), *Role.choices],
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Active")),
            ("no", gettext_lazy("Deactivated")),
        ],
    )


def resolve_unit_codes(
    text: str, *, manager: User, as_of: dt.date, keep: list[AdministrativeUnit] | None = None
) -> list[AdministrativeUnit]:
    """The units named by comma-separated GSO codes: valid on ``as_of`` and in the manager's
    scope. A code of a unit in ``keep`` (the current assignments) stays even if that unit has
    ended since, so editing a name does not drop an old assignment."""
    codes = [c for c in re.split(r"[\s,;]+", text.strip()) if c]
    if not codes:
        return []
    scope = scope_for_user(manager)
    found = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.valid_on(as_of)
        .filter(code__in=codes)
        .filter(scope.unit_q())
    }
    for unit in keep or []:
        found.setdefault(unit.code, unit)
    missing = [c for c in codes if c not in found]
    if missing:
        raise forms.ValidationError(
            _("No unit in your scope has code %(codes)s on %(date)s.")
            % {"codes": ", ".join(missing), "date": as_of.strftime("%d/%m/%Y")}
        )
    return list({found[c].pk: found[c] for c in codes}.values())


class _UserFieldsForm(forms.Form):
    # Vietnamese order: family and middle names first, then the given name.
    last_name = NameField(label=gettext_lazy("Last name"), max_length=150, required=False)
    first_name = NameField(label=gettext_lazy("First name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    units = forms.CharField(
        label=gettext_lazy("Units (GSO codes)"),
        required=False,
        help_text=gettext_lazy("Codes separated by commas, e.g. 29479, 29482."),
    )
    units_as_of = forms.DateField(
        label=gettext_lazy("Units as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Codes are reused after mergers: the date on which they are looked up (default: today)."
        ),
    )

    def __init__(self, *args: Any, manager: User, keep: list[Any] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.manager = manager
        self.keep = keep or []
        self.fields["role"].choices = roles_assignable_by(manager)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["units"] = resolve_unit_codes(
                data.get("units") or "",
                manager=self.manager,
                as_of=data.get("units_as_of") or today(),
                keep=self.keep,
            )
        except forms.ValidationError as error:
            self.add_error("units", error)
        return data


class UserCreateForm(_UserFieldsForm):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    invite = forms.BooleanField(
        label=gettext_lazy("E-mail an invitation to choose a password"), required=False
    )
    password = forms.CharField(
        label=gettext_lazy("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Leave empty when you send an invitation."),
    )

    field_order = [
        "username",
        "last_name",
        "first_name",
        "email",
        "role",
        "units",
        "units_as_of",
        "invite",
        "password",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("invite"):
            if not data.get("email"):
                self.add_error("email", _("An invitation needs an e-mail address."))
            if data.get("password"):
                self.add_error("password", _("Leave the password empty when inviting."))
        elif not data.get("password"):
            self.add_error("password", _("Set an initial password or send an invitation."))
        elif data.get("username"):
            candidate = User(
                username=data["username"],
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class UserEditForm(VersionedForm, _UserFieldsForm):
    pass
