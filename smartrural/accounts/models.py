"""Users, their roles and the administrative units they are assigned to; API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_name
from smartrural.core.versioning import Versioned

if TYPE_CHECKING:
    from smartrural.geo.models import AdministrativeUnit


class Role(models.TextChoices):
    PROVINCE_OFFICE = "province_office", _("Province coordination office")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VIEWER = "viewer", _("Viewer (read-only)")
    RESIDENT = "resident", _("Resident")


# Roles that may change official data inside their scope.
WRITER_ROLES = frozenset({Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER})
# Roles that may manage other users inside their scope.
MANAGER_ROLES = frozenset({Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICER})


class User(Versioned, AbstractUser):
    # Django's, with the name check: people's names show on every page and in history.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[validate_name]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[validate_name]
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can only log in while the demo mode is on."),
    )
    units: models.ManyToManyField[AdministrativeUnit, UnitAssignment] = models.ManyToManyField(
        "geo.AdministrativeUnit",
        through="UnitAssignment",
        through_fields=("user", "unit"),
        related_name="+",
        verbose_name=_("units"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # Logging in is no edit of the account: a manager's open edit page stays current.
    unversioned_fields = frozenset({"last_login"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="accounts_user_email_ci_uniq"
            )
        ]

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.PROVINCE_OFFICE

    @property
    def can_write(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in WRITER_ROLES)

    @property
    def can_manage_users(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in MANAGER_ROLES)

    @property
    def is_resident(self) -> bool:
        """A resident (người dân), not an official: sees what the public sees and their own
        account; a superuser is an official whatever the role says."""
        return self.is_authenticated and self.role == Role.RESIDENT and not self.is_superuser

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class UnitAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit assignment")
        verbose_name_plural = _("unit assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="accounts_assignment_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the prefix identifies it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_name])
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
