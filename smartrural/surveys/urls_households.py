"""Officers' URLs of the surveys app: households and the samples drawn from them (in
``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import households, sample

urlpatterns: list[URLPattern] = [
    path("households/", households.household_list, name="household-list"),
    path("households/add/", households.household_add, name="household-create"),
    path("households/import/", households.household_import, name="household-import"),
    path(
        "households/import/template.xlsx",
        households.household_import_template,
        name="household-import-template",
    ),
    path("households/<int:pk>/edit/", households.household_edit, name="household-edit"),
    path("households/<int:pk>/active/", households.household_active, name="household-active"),
    path("households/<int:pk>/history/", households.household_history, name="household-history"),
    path("<int:pk>/sample/", sample.sample, name="sample"),
    path("<int:pk>/sample/draw/", sample.sample_draw_view, name="sample-draw"),
    path("<int:pk>/sample/sheets/", sample.sample_sheets, name="sample-sheets"),
]
