from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "smartrural.portal"
    label = "portal"
    verbose_name = _("Portals (trang thông tin điện tử)")

    def ready(self) -> None:
        from . import caching, views  # local: app registry
        from .forms import PortalPageForm  # local: Wagtail's admin forms need the registry
        from .models.base import PortalPage  # local: app registry
        from .models.plan import PlanPage, PlanViews, register_plan_views  # local: app registry
        from .services.sync import add_default_section  # local: app registry

        caching.connect_signals()
        # Every portal page type's admin form (a class attribute Wagtail reads).
        PortalPage.base_form_class = PortalPageForm
        # Every commune's portal has its plan (the next sync adds it to the existing ones).
        add_default_section(PlanPage, "quy-hoach", "Quy hoạch", communes_only=True)
        register_plan_views(PlanViews(page=views.plan_page, comment=views.plan_comment))
