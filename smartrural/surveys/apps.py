from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "smartrural.surveys"
    label = "surveys"
    verbose_name = _("Surveys (khảo sát)")

    def ready(self) -> None:
        # Local imports: models are loaded only once the app registry is ready.
        from smartrural.recognition.satisfaction import register_satisfaction_provider

        from .for_recognition import dossier_survey

        register_satisfaction_provider(dossier_survey)
