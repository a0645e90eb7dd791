from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "smartrural.outreach"
    label = "outreach"
    verbose_name = _("Outreach (truyền thông)")

    def ready(self) -> None:
        """An imported CAP alert also becomes a campaign to residents (``services.alerts``)."""
        # The tasks register themselves in outreach.queue when imported.
        from . import cap, tasks  # local: app registry  # noqa: F401
        from .services.alerts import campaign_from_alert  # local: app registry

        if campaign_from_alert not in cap.ALERT_HANDLERS:
            cap.ALERT_HANDLERS.append(campaign_from_alert)
