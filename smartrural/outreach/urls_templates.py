"""Officers' URLs of message templates (spread into ``urls.py``: /outreach/work/templates/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import templates

urlpatterns: list[URLPattern] = [
    path("templates/", templates.template_list, name="template-list"),
    path("templates/add/", templates.template_add, name="template-create"),
    path("templates/<int:pk>/", templates.template_edit, name="template-edit"),
    path("templates/<int:pk>/preview/", templates.template_preview, name="template-preview"),
    path("templates/<int:pk>/history/", templates.template_history, name="template-history"),
]
