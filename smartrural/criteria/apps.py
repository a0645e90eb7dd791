from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "smartrural.criteria"
    label = "criteria"
    verbose_name = _("NTM criteria")

    def ready(self) -> None:
        from smartrural.geo.services import on_unit_facts_changed  # local: app registry

        from .services import drop_unit_evaluations  # local: app registry

        on_unit_facts_changed(drop_unit_evaluations)
