"""Similar reports before submitting: open, published reports of the same category in the same
hamlet in the last 30 days, or within 100 m; without JavaScript (the "check" button) and as an
htmx fragment; "me too" instead of a new report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from smartrural.feedback.models import Report
from smartrural.feedback.reporting.similar import distance_metres
from smartrural.geo.services import unit_create
from smartrural.testing import TODAY, Personas, clock_at

from .factories import category, file_report, today_units
from .reporting_helpers import form_data

pytestmark = pytest.mark.django_db


def check(place: Any, **over: Any) -> str:
    data = form_data(place, **{"description": "", "check": "1", **over})
    with clock_at(TODAY, hour=15):
        response = Client().post("/feedback/new/", data)
    assert response.status_code == 200
    return response.content.decode()


def test_haversine_is_right_at_about_100_metres() -> None:
    # 0.0009° of latitude ≈ 100.08 m
    assert 99 < distance_metres(9.9, 106.2, 9.9009, 106.2) < 101


class SimilarTests:
    def test_the_check_button_lists_open_reports_of_the_hamlet_and_stores_nothing(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        same = file_report(today.hamlet_a_unit, on=TODAY).report
        file_report(today.hamlet_a_unit, on=TODAY, category_code="dien")  # another category
        old = file_report(today.hamlet_a_unit, on=TODAY - dt.timedelta(days=31)).report
        page = check(today.hamlet_a_unit)
        assert f"/feedback/new/similar/{same.pk}/me-too/" in page
        assert f"/feedback/new/similar/{old.pk}/me-too/" not in page
        assert Report.objects.count() == 3

    def test_the_check_keeps_what_was_typed_and_shows_no_missing_field(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        page = check(today.hamlet_a_unit, description="Cống bị vỡ gần trường học")
        assert "Cống bị vỡ gần trường học" in page
        assert 'class="errorlist"' not in page

    def test_hidden_and_closed_reports_are_not_suggested(self, personas: Personas) -> None:
        today = today_units(personas)
        hidden = file_report(today.hamlet_a_unit, on=TODAY).report
        Report.objects.filter(pk=hidden.pk).update(hidden=True)
        refused = file_report(today.hamlet_a_unit, on=TODAY).report
        Report.objects.filter(pk=refused.pk).update(status="refused")
        page = check(today.hamlet_a_unit)
        assert "me-too" not in page and "Không có phản ánh tương tự" in page

    def test_a_report_within_100_m_in_another_hamlet_is_suggested(self, personas: Personas) -> None:
        today = today_units(personas)
        other = unit_create(
            code="2946102",
            name="Ấp Mới",
            kind="ap",
            level="hamlet",
            parent=today.commune_a_unit,
            valid_from=dt.date(2025, 7, 1),
        )
        near = file_report(other, on=TODAY, latitude="9.900000", longitude="106.200000").report
        far = file_report(other, on=TODAY, latitude="9.902000", longitude="106.200000").report
        page = check(today.hamlet_a_unit, latitude="9.900800", longitude="106.200000")
        assert f"/similar/{near.pk}/me-too/" in page
        assert f"/similar/{far.pk}/me-too/" not in page

    def test_the_fragment_for_htmx(self, personas: Personas) -> None:
        today = today_units(personas)
        same = file_report(today.hamlet_a_unit, on=TODAY).report
        params = {"category": category("giao-thong").pk, "place": today.hamlet_a_unit.pk}
        with clock_at(TODAY, hour=15):
            fragment = Client().get("/feedback/new/similar/", params).content.decode()
        assert f"/similar/{same.pk}/me-too/" in fragment and "<html" not in fragment


class MeTooPageTests:
    def test_me_too_counts_once_per_address(self, personas: Personas) -> None:
        today = today_units(personas)
        report = file_report(today.hamlet_a_unit, on=TODAY).report
        client = Client()
        with clock_at(TODAY, hour=15):
            first = client.post(f"/feedback/new/similar/{report.pk}/me-too/")
            client.post(f"/feedback/new/similar/{report.pk}/me-too/")
            Client(REMOTE_ADDR="10.9.9.9").post(f"/feedback/new/similar/{report.pk}/me-too/")
        assert first.status_code == 302
        assert Report.objects.get(pk=report.pk).supporters == 2

    def test_me_too_on_a_hidden_report_is_404(self, personas: Personas) -> None:
        today = today_units(personas)
        report = file_report(today.hamlet_a_unit, on=TODAY).report
        Report.objects.filter(pk=report.pk).update(hidden=True)
        with clock_at(TODAY, hour=15):
            assert Client().post(f"/feedback/new/similar/{report.pk}/me-too/").status_code == 404


def test_the_htmx_fragment_escapes_what_residents_wrote(personas: Personas) -> None:
    """The fragment is swapped into the page as HTML: a description written as markup must
    arrive as text."""
    today = today_units(personas)
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    file_report(today.hamlet_a_unit, on=TODAY, description=hostile)
    with clock_at(TODAY, hour=15):
        response = Client().get(
            "/feedback/new/similar/",
            {"category": category().pk, "place": today.hamlet_a_unit.pk},
            HTTP_HX_REQUEST="true",
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page or "&lt;img" in page
