"""Officers' pages of surveys (/surveys/work/, an officials' area), one module per area."""

from __future__ import annotations

from . import (
    urls_collect,
    urls_consultations,
    urls_households,
    urls_results,
    urls_surveys,
    urls_xlsform,
)

app_name = "surveys"
urlpatterns = [
    *urls_surveys.urlpatterns,
    *urls_households.urlpatterns,
    *urls_xlsform.urlpatterns,
    *urls_collect.urlpatterns,
    *urls_results.urlpatterns,
    *urls_consultations.urlpatterns,
]
