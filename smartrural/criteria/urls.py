from __future__ import annotations

from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("", views.entry_home, name="entry-home"),
]
