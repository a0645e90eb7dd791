from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("work-records/", views.work_records, name="work-records"),
    path("work-records/upload/", views.work_record_upload, name="work-record-upload"),
    path("work-records/template.xlsx", views.work_record_template, name="work-record-template"),
    path("work-records/<int:pk>/history/", views.work_record_history, name="work-record-history"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/set/", views.target_edit, name="target-set"),
    path("targets/<int:pk>/history/", views.target_history, name="target-history"),
]
