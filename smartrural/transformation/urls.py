"""Digital transformation pages, under /transformation/: the dashboard and report, and one URL
module per part of the programme."""

from __future__ import annotations

from django.urls import URLPattern

from .digital_services.urls import urlpatterns as digital_services
from .officials.urls import urlpatterns as officials
from .pilots.urls import urlpatterns as pilots
from .teams.urls import urlpatterns as teams
from .work_records.urls import urlpatterns as work_records

app_name = "transformation"
urlpatterns: list[URLPattern] = [
    *work_records,
    *officials,
    *teams,
    *digital_services,
    *pilots,
]
