"""Residents' pages of surveys (/khao-sat/): answering with a household's code, and the public
consultations."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "surveys_public"
urlpatterns: list[URLPattern] = []
