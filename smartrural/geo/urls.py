from __future__ import annotations

from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<str:code>/", views.unit_detail, name="unit-detail"),
    path("<str:code>/history/", views.unit_history, name="unit-history"),
    path("<str:code>/hamlets/add/", views.hamlet_add, name="hamlet-add"),
    path("<str:code>/edit/", views.unit_edit, name="unit-edit"),
]
