"""Officers' URLs of subscribers (in ``urls.py``, under /outreach/work/subscribers/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import subscribers

urlpatterns: list[URLPattern] = [
    path("", subscribers.subscriber_list, name="subscriber-list"),
    path("add/", subscribers.subscriber_add, name="subscriber-create"),
    path("import/", subscribers.subscriber_import, name="subscriber-import"),
    path(
        "import/template.xlsx",
        subscribers.subscriber_import_template,
        name="subscriber-import-template",
    ),
    path("<int:pk>/", subscribers.subscriber_edit, name="subscriber-edit"),
    path("<int:pk>/unsubscribe/", subscribers.unsubscribe, name="subscriber-unsubscribe"),
    path("<int:pk>/resubscribe/", subscribers.resubscribe, name="subscriber-resubscribe"),
    path("<int:pk>/history/", subscribers.subscriber_history, name="subscriber-history"),
]
