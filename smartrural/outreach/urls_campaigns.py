"""Officers' URLs of campaigns (/outreach/work/campaigns/, in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import campaign_form, campaigns

urlpatterns: list[URLPattern] = [
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaign_form.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", campaign_form.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/preview/", campaigns.campaign_preview, name="campaign-preview"),
    path("campaigns/<int:pk>/submit/", campaigns.campaign_submit, name="campaign-submit"),
    path("campaigns/<int:pk>/approve/", campaigns.campaign_approve, name="campaign-approve"),
    path("campaigns/<int:pk>/cancel/", campaigns.campaign_cancel, name="campaign-cancel"),
    path("campaigns/<int:pk>/history/", campaigns.campaign_history, name="campaign-history"),
]
