from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "smartrural.feedback"
    label = "feedback"
    verbose_name = _("Feedback (phản ánh, kiến nghị)")
