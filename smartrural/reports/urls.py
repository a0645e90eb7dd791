from __future__ import annotations

from django.urls import path

from . import export_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.xlsx", export_views.export_xlsx, name="dashboard-xlsx"),
    path("export.pdf", export_views.export_pdf, name="dashboard-pdf"),
    path(
        "unit/<str:code>/<str:set_code>/<int:year>/",
        views.unit_evaluation,
        name="unit-evaluation",
    ),
]
