"""Digital transformation pages, under /transformation/: the dashboard and report, and one URL
module per part of the programme."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .digital_services.urls import urlpatterns as digital_services
from .officials.urls import urlpatterns as officials
from .pilots.urls import urlpatterns as pilots
from .teams.urls import urlpatterns as teams
from .work_records.urls import urlpatterns as work_records

app_name = "transformation"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    *work_records,
    *officials,
    *teams,
    *digital_services,
    *pilots,
]
