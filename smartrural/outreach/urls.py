"""Officers' outreach pages (/outreach/work/, an officials' area), one module per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import (
    urls_bulletins,
    urls_campaigns,
    urls_reports,
    urls_stations,
    urls_subscribers,
    urls_templates,
)
from .views import home

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    *urls_campaigns.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_subscribers.urlpatterns,
    *urls_templates.urlpatterns,
    *urls_bulletins.urlpatterns,
    *urls_stations.urlpatterns,
]
