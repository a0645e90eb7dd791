"""Officers' portal pages under /portal/work/ (wrapped in ``officials_area``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

app_name = "portal-work"
urlpatterns: list[URLPattern] = [
    path("", views.comment_list, name="comments"),
    path("comments/<int:pk>/", views.comment_detail, name="comment"),
    path("comments/<int:pk>/publish/", views.comment_publish, name="comment-publish"),
    path("comments/<int:pk>/reject/", views.comment_reject, name="comment-reject"),
    path("comments/<int:pk>/answer/", views.comment_answer, name="comment-answer"),
    path("comments/<int:pk>/history/", views.comment_history, name="comment-history"),
]
