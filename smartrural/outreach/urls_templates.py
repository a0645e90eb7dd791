"""Officers' URLs of message templates (in ``urls.py``, under /outreach/work/templates/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import templates

urlpatterns: list[URLPattern] = [
    path("", templates.template_list, name="template-list"),
    path("add/", templates.template_add, name="template-create"),
    path("<int:pk>/", templates.template_edit, name="template-edit"),
    path("<int:pk>/preview/", templates.template_preview, name="template-preview"),
    path("<int:pk>/history/", templates.template_history, name="template-history"),
]
