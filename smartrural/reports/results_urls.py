"""Public results, under /results/ (no login)."""

from __future__ import annotations

from django.urls import path

from . import results_views

app_name = "results"
urlpatterns = [
    path("", results_views.province, name="province"),
    path("<str:code>/", results_views.unit, name="unit"),
]
