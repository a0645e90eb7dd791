from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartrural.core"
    label = "core"
    verbose_name = "SmartRural"
