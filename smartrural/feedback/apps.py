from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "smartrural.feedback"
    label = "feedback"
    verbose_name = _("Feedback (phản ánh, kiến nghị)")

    def ready(self) -> None:
        from smartrural.core.platform_work import register_platform_work  # local: app registry

        from .selectors.platform_work import handled_reports  # local: app registry

        register_platform_work("feedback", handled_reports)
