from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "smartrural.portal"
    label = "portal"
    verbose_name = _("Portals (trang thông tin điện tử)")

    def ready(self) -> None:
        from . import caching  # local: app registry
        from .forms import PortalPageForm  # local: Wagtail's admin forms need the registry
        from .models.base import PortalPage  # local: app registry

        caching.connect_signals()
        # Every portal page type's admin form (a class attribute Wagtail reads).
        PortalPage.base_form_class = PortalPageForm
