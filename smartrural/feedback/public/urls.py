"""The published reports: lists and maps per commune and province, a report's public page,
its photos, and "me too"."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.report_index, name="report-index"),
    path("units/<str:code>/", views.unit_reports, name="unit-reports"),
    path("<int:pk>/", views.report_public, name="report-public"),
    path("<int:pk>/me-too/", views.report_support_view, name="report-support"),
    path("<int:pk>/photos/<int:photo_pk>/", views.report_photo, name="report-photo"),
]
