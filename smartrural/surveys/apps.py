from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "smartrural.surveys"
    label = "surveys"
    verbose_name = _("Surveys (khảo sát)")

    def ready(self) -> None:
        """Contribute to the lower apps through their hooks (they never import surveys)."""
        from smartrural.recognition.extras import (  # local: app registry
            DossierSection,
            add_dossier_section,
        )
        from smartrural.recognition.satisfaction import (  # local: app registry
            register_satisfaction_provider,
        )

        from . import consultation_selectors  # local: app registry
        from .for_recognition import dossier_survey  # local: app registry

        register_satisfaction_provider(dossier_survey)
        add_dossier_section(
            DossierSection(
                "surveys/consultations/_dossier_section.html",
                consultation_selectors.dossier_section,
            )
        )
