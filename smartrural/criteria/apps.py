from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "smartrural.criteria"
    label = "criteria"
    verbose_name = _("NTM criteria")
