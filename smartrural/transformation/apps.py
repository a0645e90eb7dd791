from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "smartrural.transformation"
    label = "transformation"
    verbose_name = _("Digital transformation")
