"""The province's configurable tree of what residents may report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.accounts.models import Role
from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


class Level(models.TextChoices):
    """The level of the unit that handles a category (the place's ancestor at that level)."""

    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Category(Versioned):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Open311 service code; letters, digits and hyphens."),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_name])
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[validate_free_text]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(
        _("handled at level"), max_length=10, choices=Level.choices, default=Level.COMMUNE
    )
    # The category form offers the officer roles only.
    role = models.CharField(
        _("handled by role"), max_length=20, choices=Role.choices, default=Role.COMMUNE_OFFICER
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=10)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    # Open311 attributes: [{"code", "datatype", "required", "description", "order", "values"}]
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
