"""Residents' outreach pages (/thong-bao/): leaving with one click."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import public

app_name = "outreach-public"
urlpatterns: list[URLPattern] = [
    path("huy/<str:token>/", public.unsubscribe, name="unsubscribe"),
]
