"""The published reports: lists and maps per commune and province, a report's public page,
its photos, and "me too"."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
