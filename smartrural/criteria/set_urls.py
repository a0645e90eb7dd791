from __future__ import annotations

from django.urls import path

from . import set_views

app_name = "criteria_sets"
urlpatterns = [
    path("", set_views.set_list, name="list"),
    path("import/", set_views.set_import, name="import"),
    path("<str:code>/", set_views.set_detail, name="detail"),
    path("<str:code>/derive/", set_views.set_derive, name="derive"),
    path("<str:code>/threshold/", set_views.set_threshold, name="threshold"),
]
