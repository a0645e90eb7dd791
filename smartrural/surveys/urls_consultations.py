"""Officers' URLs of the surveys app: consultations (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import consultations as views

urlpatterns: list[URLPattern] = [
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/new/", views.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path(
        "consultations/<int:pk>/history/",
        views.consultation_history,
        name="consultation-history",
    ),
    path("consultations/opinions/<int:pk>/", views.opinion_detail, name="consultation-opinion"),
    path(
        "consultations/opinions/<int:pk>/publish/",
        views.opinion_publish,
        name="consultation-opinion-publish",
    ),
    path(
        "consultations/opinions/<int:pk>/reject/",
        views.opinion_reject,
        name="consultation-opinion-reject",
    ),
    path(
        "consultations/opinions/<int:pk>/answer/",
        views.opinion_answer,
        name="consultation-opinion-answer",
    ),
    path(
        "consultations/opinions/<int:pk>/history/",
        views.opinion_history,
        name="consultation-opinion-history",
    ),
]
