"""Feedback's public pages under /feedback/: report, follow a report with its tracking code,
read the published reports. The officers' pages are at /feedback/work/
(``feedback.officers.urls``, 404 to residents); Open311 at /open311/v2/ (``feedback.open311``)."""

from __future__ import annotations

from django.urls import URLPattern

from .public.urls import urlpatterns as public
from .reporting.urls import urlpatterns as reporting

app_name = "feedback"
urlpatterns: list[URLPattern] = [*reporting, *public]
