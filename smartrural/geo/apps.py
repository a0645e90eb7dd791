from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "smartrural.geo"
    label = "geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        import datetime as dt

        from django.conf import settings

        from smartrural.core.context_processors import (
            register_province_lookup,
        )  # local: app registry

        from .selectors import province_name_on  # local: app registry

        def lookup(day: dt.date) -> str | None:
            return province_name_on(day, code=str(settings.PROVINCE_CODE))

        register_province_lookup(lookup)
