"""Officers' feedback pages under /feedback/work/ (wrapped in ``officials_area``)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "feedback-work"
urlpatterns: list[URLPattern] = []
