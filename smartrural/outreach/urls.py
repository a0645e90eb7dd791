"""Officers' outreach pages (/outreach/work/, an officials' area), one module per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from .views import home

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("subscribers/", include("smartrural.outreach.urls_subscribers")),
    path("templates/", include("smartrural.outreach.urls_templates")),
]
