"""Providers' webhooks (/outreach/hooks/): delivery receipts and replies, signature-checked.
No login (the providers call them); each view checks its channel's signature first."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import hooks_sms, hooks_zalo

app_name = "outreach-hooks"
urlpatterns: list[URLPattern] = [
    path("sms/receipts/", hooks_sms.sms_receipts, name="sms-receipts"),
    path("sms/inbound/", hooks_sms.sms_inbound, name="sms-inbound"),
    path("zalo/", hooks_zalo.zalo_events, name="zalo"),
]
