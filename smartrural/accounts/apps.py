from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "smartrural.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from smartrural.core.history import register_author_policy  # local: app registry

        from .access import may_see_history_authors  # local: app registry

        register_author_policy(may_see_history_authors)
