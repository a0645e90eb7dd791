"""Officers' URLs of the surveys app: xlsform (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
