from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "smartrural.recognition"
    label = "recognition"
    verbose_name = _("NTM recognition")

    def ready(self) -> None:
        """Contribute to the lower apps through their hooks (they never import recognition)."""
        # Imported here: these modules load models, which needs the app registry ready.
        from smartrural.criteria.recognitions import provide_recognitions  # local: app registry
        from smartrural.geo.pages import UnitSection, add_unit_section  # local: app registry

        from . import selectors  # local: app registry

        provide_recognitions(
            recognised_levels=selectors.recognised_levels,
            dossiers_in_progress=selectors.dossiers_in_progress,
        )
        add_unit_section(
            UnitSection("recognition/_unit_recognitions.html", selectors.unit_page_section)
        )
