"""Providers' webhooks (/outreach/hooks/): delivery receipts and replies, signature-checked.
No login (the providers call them); each view checks its channel's signature first."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "outreach-hooks"
urlpatterns: list[URLPattern] = []
