"""Open311 clients: the applications allowed to file reports through ``POST requests``.

An application (a city app, a partner's chatbot) gets a key from the province office (the
``open311_key_create`` command or the admin). The key is shown once and stored as its sha256;
the office may deactivate a client at any time. Reading the published reports needs no key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import validate_name


class Open311Client(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_name])
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        validators=[validate_name],
        help_text=_("Who answers for the application (name, e-mail or phone)."),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        app_label = "feedback"
        verbose_name = _("Open311 application")
        verbose_name_plural = _("Open311 applications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
