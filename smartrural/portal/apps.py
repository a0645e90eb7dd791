from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "smartrural.portal"
    label = "portal"
    verbose_name = _("Portals (trang thông tin điện tử)")

    def ready(self) -> None:
        from . import caching  # local: app registry

        caching.connect_signals()
