"""Endpoint matrix rows of feedback's public pages: everyone reads them, logged in or not; a
hidden report is 404 for every persona (officers read it on their own pages)."""

from __future__ import annotations

from smartrural.feedback.models import Report
from smartrural.testing import IN_2023, Personas
from smartrural.testing_matrix import Endpoint, everyone

from .factories import file_report
from .public_helpers import photo_of


def _report(p: Personas) -> Report:
    return file_report(p.hamlet_a_unit, on=IN_2023).report


def _hidden(p: Personas) -> str:
    report = _report(p)
    Report.objects.filter(pk=report.pk).update(hidden=True)
    return f"/feedback/{report.pk}/"


def _photo(p: Personas) -> str:
    report = _report(p)
    return f"/feedback/{report.pk}/photos/{photo_of(report).pk}/"


ENDPOINTS: list[Endpoint] = [
    Endpoint("feedback:report-index", "get", lambda p: "/feedback/", everyone(200)),
    Endpoint("feedback:unit-reports", "get", lambda p: "/feedback/units/29479/", everyone(200)),
    Endpoint("feedback:unit-reports", "get", lambda p: "/feedback/units/84/", everyone(200)),
    Endpoint("feedback:unit-reports", "get", lambda p: "/feedback/units/2947901/", everyone(404)),
    Endpoint(
        "feedback:report-public", "get", lambda p: f"/feedback/{_report(p).pk}/", everyone(200)
    ),
    Endpoint("feedback:report-public", "get", _hidden, everyone(404)),
    Endpoint(
        "feedback:report-support",
        "post",
        lambda p: f"/feedback/{_report(p).pk}/me-too/",
        everyone(302),
        body={"phone": ""},
    ),
    Endpoint("feedback:report-photo", "get", _photo, everyone(200)),
]
