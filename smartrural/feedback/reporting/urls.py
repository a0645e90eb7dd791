"""Residents report and follow their report (no account needed): the form, the confirmation
with the tracking code, the status page reached with the code."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
