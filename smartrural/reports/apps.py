from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "smartrural.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from smartrural.core.home import register_home_section  # local: app registry
        from smartrural.portal.results import register_results_provider  # local: app registry

        from .home_figures import figures_section  # local: app registry
        from .home_todo import todo_section  # local: app registry
        from .portal_results import results_section  # local: app registry

        register_home_section("figures", figures_section, order=10)
        register_home_section("todo", todo_section, order=20)
        register_results_provider(results_section)
