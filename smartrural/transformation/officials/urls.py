"""Officials of the programme (``officials/``) and training events (``trainings/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

OFFICIAL = "officials/<int:official_id>/"
TRAINING = "trainings/<int:event_id>/"

urlpatterns: list[URLPattern] = [
    path("officials/", views.official_list, name="official-list"),
    path("officials/new/", views.official_create, name="official-create"),
    path("officials/import/", views.official_import, name="official-import"),
    path(
        "officials/import/template.xlsx",
        views.official_import_template,
        name="official-import-template",
    ),
    path(OFFICIAL, views.official_detail, name="official-detail"),
    path(f"{OFFICIAL}edit/", views.official_edit, name="official-edit"),
    path(f"{OFFICIAL}deactivate/", views.official_deactivate, name="official-deactivate"),
    path(f"{OFFICIAL}reactivate/", views.official_reactivate, name="official-reactivate"),
    path(f"{OFFICIAL}history/", views.official_history, name="official-history"),
    path("trainings/", views.training_list, name="training-list"),
    path("trainings/new/", views.training_create, name="training-create"),
    path(TRAINING, views.training_detail, name="training-detail"),
    path(f"{TRAINING}edit/", views.training_edit, name="training-edit"),
    path(f"{TRAINING}delete/", views.training_delete, name="training-delete"),
    path(f"{TRAINING}history/", views.training_history, name="training-history"),
    path(f"{TRAINING}participants/add/", views.participant_add, name="training-participant-add"),
    path(
        f"{TRAINING}participants/add-unit/",
        views.participant_add_unit,
        name="training-participant-add-unit",
    ),
    path(
        f"{TRAINING}participants/attendance/",
        views.participant_attendance,
        name="training-attendance",
    ),
    path(
        f"{TRAINING}participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="training-participant-remove",
    ),
    path(f"{TRAINING}materials/", views.material_upload, name="training-material-upload"),
    path(
        f"{TRAINING}materials/<int:material_id>/",
        views.material_download,
        name="training-material-download",
    ),
    path(
        f"{TRAINING}materials/<int:material_id>/delete/",
        views.material_delete,
        name="training-material-delete",
    ),
]
