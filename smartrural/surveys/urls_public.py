"""Residents' pages of surveys (/khao-sat/): answering with a household's code, and the public
consultations."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import consultations_public

app_name = "surveys_public"
urlpatterns: list[URLPattern] = [
    # Public consultations (lấy ý kiến).
    path("y-kien/", consultations_public.consultation_list, name="consultation-list"),
    path("y-kien/<int:pk>/", consultations_public.consultation_detail, name="consultation"),
    path("y-kien/<int:pk>/gop-y/", consultations_public.opinion_send, name="consultation-opinion"),
]
