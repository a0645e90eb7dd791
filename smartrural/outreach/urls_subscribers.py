"""Officers' URLs of subscribers (spread into ``urls.py``: under /outreach/work/subscribers/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import subscribers

urlpatterns: list[URLPattern] = [
    path("subscribers/", subscribers.subscriber_list, name="subscriber-list"),
    path("subscribers/add/", subscribers.subscriber_add, name="subscriber-create"),
    path("subscribers/import/", subscribers.subscriber_import, name="subscriber-import"),
    path(
        "subscribers/import/template.xlsx",
        subscribers.subscriber_import_template,
        name="subscriber-import-template",
    ),
    path("subscribers/<int:pk>/", subscribers.subscriber_edit, name="subscriber-edit"),
    path(
        "subscribers/<int:pk>/unsubscribe/", subscribers.unsubscribe, name="subscriber-unsubscribe"
    ),
    path(
        "subscribers/<int:pk>/resubscribe/", subscribers.resubscribe, name="subscriber-resubscribe"
    ),
    path(
        "subscribers/<int:pk>/history/", subscribers.subscriber_history, name="subscriber-history"
    ),
]
