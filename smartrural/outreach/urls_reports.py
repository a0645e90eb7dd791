"""The outreach report (/outreach/work/reports/): the page and its .xlsx and .pdf (paths
from the officers' area root: ``urls.py`` takes them in as they are)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import reports

urlpatterns: list[URLPattern] = [
    path("reports/", reports.report, name="report"),
    path("reports/report.xlsx", reports.report_xlsx, name="report-xlsx"),
    path("reports/report.pdf", reports.report_pdf, name="report-pdf"),
]
