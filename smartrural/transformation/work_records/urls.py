from __future__ import annotations

from django.urls import URLPattern, path

from .views import records, targets, upload

urlpatterns: list[URLPattern] = [
    path("work-records/", records.work_records, name="work-records"),
    path("work-records/upload/", upload.work_record_upload, name="work-record-upload"),
    path("work-records/template.xlsx", upload.work_record_template, name="work-record-template"),
    path("work-records/<int:pk>/history/", records.work_record_history, name="work-record-history"),
    path("targets/", targets.target_list, name="target-list"),
    path("targets/set/", targets.target_edit, name="target-set"),
    path("targets/<int:pk>/history/", targets.target_history, name="target-history"),
]
