from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "smartrural.recognition"
    label = "recognition"
    verbose_name = _("NTM recognition")
