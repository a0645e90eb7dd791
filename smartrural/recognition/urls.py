from __future__ import annotations

from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.dossier_list, name="dossier-list"),
]
