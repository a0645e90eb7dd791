"""Essential digital services, under /transformation/services/: offerings and the catalogue."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

OFFERING = "services/<int:offering_id>/"
SERVICE = "services/catalogue/<int:service_id>/"

urlpatterns: list[URLPattern] = [
    path("services/", views.offering_list, name="offering-list"),
    path("services/new/", views.offering_create, name="offering-create"),
    path(OFFERING, views.offering_detail, name="offering-detail"),
    path(f"{OFFERING}edit/", views.offering_edit, name="offering-edit"),
    path(f"{OFFERING}end/", views.offering_end, name="offering-end"),
    path(f"{OFFERING}history/", views.offering_history, name="offering-history"),
    path(f"{OFFERING}evidence/", views.offering_evidence, name="offering-evidence"),
    path("services/catalogue/", views.service_catalogue, name="service-catalogue"),
    path("services/catalogue/new/", views.service_create, name="service-create"),
    path("services/catalogue/load/", views.catalogue_load, name="service-catalogue-load"),
    path(f"{SERVICE}edit/", views.service_edit, name="service-edit"),
    path(f"{SERVICE}deactivate/", views.service_deactivate, name="service-deactivate"),
    path(f"{SERVICE}reactivate/", views.service_reactivate, name="service-reactivate"),
    path(f"{SERVICE}history/", views.service_history, name="service-history"),
]
