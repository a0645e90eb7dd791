"""The dashboard and the periodic report show the same figures as the KPI API."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from smartrural.testing import TODAY, Clock, Personas
from smartrural.transformation.work_records.services import work_record_submit

URL = "/transformation/?unit=849&year=2023"
CARD_ROW = re.compile(r'data-indicator="(?P<indicator>\w+)".*?</li>', re.S)  # one KPI card
LEVEL_ROW = re.compile(
    r'<tr data-level="(?P<level>\w+)">.*?<td class="num">(?P<value>.*?)'
    r'(?:<br><span class="muted count">(?P<num>\d+)/(?P<den>\d+)</span>)?</td>',
    re.S,
)
# A binary KPI of one unit reads "có" / "chưa", without its count (1/1 or 0/1).
YES_NO: dict[str | None, tuple[str | None, int, int]] = {
    "có": ("100.00", 1, 1),
    "chưa": ("0.00", 0, 1),
}


def _page_figures(html: str) -> dict[tuple[str, str], tuple[str | None, int, int]]:
    figures: dict[tuple[str, str], tuple[str | None, int, int]] = {}
    for card in CARD_ROW.finditer(html):
        for row in LEVEL_ROW.finditer(card.group(0)):
            value = re.search(r"<strong>(.+?)</strong>", row.group("value"))
            shown = value.group(1) if value else None
            key = (card.group("indicator"), row.group("level"))
            if shown in YES_NO:
                assert row.group("num") is None, key
                figures[key] = YES_NO[shown]
                continue
            figures[key] = (
                shown.rstrip("%").replace(",", ".") if shown else None,
                int(row.group("num")),
                int(row.group("den")),
            )
    return figures


@pytest.mark.django_db
class DashboardTests:
    def test_page_and_api_agree(self, dataset: Personas) -> None:
        client = dataset.client(dataset.district)
        page = client.get(URL)
        assert page.status_code == 200
        figures = _page_figures(page.content.decode())
        api = client.get("/api/v1/transformation/kpis?year=2023&parent=849").json()
        expected = {
            (item["indicator"], level["level"]): (
                level["value"],
                level["numerator"],
                level["denominator"],
            )
            for item in api["kpis"]
            for level in item["levels"]
        }
        assert len(expected) == 8  # no province level under a district
        assert figures == expected
        assert figures[("officials_trained", "commune")] == ("37.50", 3, 8)

    def test_below_target_and_ranking(self, dataset: Personas) -> None:
        client = dataset.client(dataset.district)
        client.cookies["django_language"] = "en"
        html = client.get(URL + "&sort=work_records_online:commune").content.decode()
        below = html[html.index('id="below-title"') : html.index('id="kpi-title"')]
        assert "Officials trained in digital transformation — District" in below
        ranking = html[html.index('class="ranking"') :]
        order = re.findall(r"unit=(\d+)&amp;year=2023", ranking)
        assert order == ["29479", "29482", "29488"]  # 40%, 20%, 10%
        assert ranking.count('class="below-target"') == 2  # Kim Sơn and Hàm Giang

    def test_vietnamese_by_default_and_bad_year(self, dataset: Personas) -> None:
        client = dataset.client(dataset.district)
        html = client.get(URL).content.decode()
        assert 'lang="vi"' in html
        client.cookies["django_language"] = "en"
        bad = client.get("/transformation/?year=20x3")
        assert bad.status_code == 400
        assert "The year must be a number" in bad.content.decode()
        months = client.get("/transformation/?year=2023&month_from=9&month_to=2")
        assert months.status_code == 400

    def test_queries_are_bounded(
        self,
        dataset: Personas,
        django_assert_max_num_queries: Any,
    ) -> None:
        client = dataset.client(dataset.province)
        with django_assert_max_num_queries(40):
            assert client.get("/transformation/?year=2023").status_code == 200

    def test_default_year_is_the_latest_with_figures_among_ones_units(
        self, dataset: Personas
    ) -> None:
        work_record_submit(
            unit=dataset.other_commune_unit,
            month=dt.date(2024, 3, 1),
            total=10,
            online=5,
            by=dataset.province,
        )
        own = dataset.client(dataset.commune_a).get("/transformation/")
        assert own.context["data"].period.year == 2023  # Mỹ Cẩm's 2024 is not theirs
        everyone = dataset.client(dataset.province).get("/transformation/")
        assert everyone.context["data"].period.year == 2024
        assert everyone.context["data"].unit.code == "84"

    def test_wrong_unit_is_404(self, dataset: Personas) -> None:
        client = dataset.client(dataset.commune_a)
        assert client.get("/transformation/?unit=29482&year=2023").status_code == 404
        assert client.get("/transformation/?unit=29479&year=2023").status_code == 200


@pytest.mark.django_db
class ReportTests:
    def test_excel_holds_each_kpi_by_level(self, dataset: Personas) -> None:
        response = dataset.client(dataset.district).get(
            "/transformation/report.xlsx?unit=849&year=2023"
        )
        assert response.status_code == 200
        assert "smartrural-chuyen-doi-so-849-2023.xlsx" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        assert sheet["A1"].value == (
            "Chuyển đổi số trong Chương trình xây dựng nông thôn mới — Huyện Trà Cú, 2023"
        )
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
        assert [
            "Cán bộ được tập huấn về chuyển đổi số",
            "Cấp xã",
            3,
            8,
            "37,50",
            "35,00",
            "đạt",
        ] in rows
        assert len(book.worksheets) == 4

    def test_pdf_has_vietnamese_text_for_a_month_range(self, dataset: Personas) -> None:
        response = dataset.client(dataset.district).get(
            "/transformation/report.pdf?unit=849&year=2023&month_from=1&month_to=6"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "849-2023-01-06.pdf" in response["Content-Disposition"]
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Huyện Trà Cú" in text and "tháng 1–6/2023" in text
        assert "Hồ sơ công việc xử lý trên môi trường mạng" in text

    def test_bad_period_is_400(self, dataset: Personas) -> None:
        client = dataset.client(dataset.district)
        assert client.get("/transformation/report.pdf?unit=849&year=x").status_code == 400


@pytest.mark.django_db
class UnitsEndedTests:
    """Today, Trà Vinh's units (ended 30/06/2025) are gone: an officer still assigned to one is
    told so, with a link to the last year they existed, on both dashboards."""

    @pytest.mark.parametrize("path", ["/transformation/", "/dashboard/"])
    def test_the_reader_is_offered_the_last_year_of_their_units(
        self, personas: Personas, clock: Clock, path: str
    ) -> None:
        clock.set(TODAY)
        client = personas.client(personas.commune_a)
        client.cookies["django_language"] = "en"
        response = client.get(path)
        assert response.status_code == 200
        page = response.content.decode()
        assert "None of your units existed on 01/07/2026." in page
        assert '<a href="?year=2024">see 2024</a>' in page
        assert "No unit is assigned to your account yet" not in page
