"""The public results pages and the public summary API: what anyone reads without a login."""

from __future__ import annotations

import pytest
from django.test import Client

from smartrural.testing import Personas

from .results_data import (
    ADVANCED,
    NTM,
    YEAR,
    ResultsData,
    assert_public_figures_2023,
    build_results_data,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas: Personas) -> ResultsData:
    return build_results_data(personas)


class PublicFiguresTests:
    def test_an_anonymous_visitor_reads_82_85_27_and_6_9_for_2023(self, data: ResultsData) -> None:
        assert_public_figures_2023(Client())

    def test_the_province_page_opens_on_the_latest_year_with_results(
        self, data: ResultsData
    ) -> None:
        response = Client().get("/results/")
        assert response.status_code == 200
        assert response.context["data"].unit.code == "84"
        assert response.context["data"].year == YEAR
        text = text_of(response.content)
        assert "82/85 xã đạt chuẩn nông thôn mới" in text
        # The district-level units, each with its communes' count, link to their own page.
        assert "Huyện Trà Cú" in text and "0/13" in text
        assert f'href="/results/849/?year={YEAR}"' in response.content.decode()

    def test_a_commune_page_shows_its_decisions_authority_and_criteria_met(
        self, data: ResultsData
    ) -> None:
        my_cam = data.personas.other_commune_unit
        response = Client().get(f"/results/{my_cam.code}/?year={YEAR}")
        assert response.status_code == 200
        text = text_of(response.content)
        assert "Số 1/QĐ-UBND ngày 20/12/2023" in text
        assert "Số 1/QĐ-UBND-NC ngày 20/12/2023" in text
        assert "Chủ tịch UBND tỉnh Trà Vinh" in text
        assert f"Đạt 4/4 tiêu chí năm {YEAR}" in text

    def test_a_commune_meeting_every_criterion_without_a_decision_says_so(
        self, data: ResultsData
    ) -> None:
        response = Client().get(f"/results/{data.personas.commune_a_unit.code}/?year={YEAR}")
        text = text_of(response.content)
        assert f"Đạt 4/4 tiêu chí năm {YEAR}" in text
        assert "Chưa có quyết định công nhận nào được ghi nhận." in text

    def test_a_district_without_its_own_decision_shows_its_communes(
        self, data: ResultsData
    ) -> None:
        response = Client().get(f"/results/849/?year={YEAR}")
        text = text_of(response.content)
        assert "0/13 xã đạt chuẩn nông thôn mới" in text
        assert "Xã Ngãi Xuyên" in text and "Xã Hàm Giang" in text
        assert "Phường Thử" not in text  # a ward is no xã of the NTM counts

    def test_no_values_comments_officers_or_dossiers_in_progress(self, data: ResultsData) -> None:
        p = data.personas
        pages = [
            Client().get(f"/results/{code}/?year={YEAR}").content.decode()
            for code in ("84", "849", p.commune_a_unit.code, p.other_commune_unit.code)
        ]
        for page in pages:
            for private in ("vpdp", "xa-29479", "huyen-849", "@example.test", "/dossiers/"):
                assert private not in page
            assert "/criteria/" not in page  # no link to the values' pages

    def test_a_resident_reads_the_public_results_of_their_commune(self, data: ResultsData) -> None:
        p = data.personas
        response = p.client(p.resident).get(f"/results/{p.commune_a_unit.code}/")
        assert response.status_code == 200
        assert response.context["data"].year == YEAR

    def test_the_unit_page_links_to_its_results(self, data: ResultsData) -> None:
        p = data.personas
        response = Client().get(f"/units/{p.commune_a_unit.code}/?as_of=2023-06-01")
        assert f'href="/results/{p.commune_a_unit.code}/?as_of=2023-06-01"' in (
            response.content.decode()
        )
        followed = Client().get(f"/results/{p.commune_a_unit.code}/?as_of=2023-06-01")
        assert followed.status_code == 200


class PublicSummaryTests:
    def test_the_summary_is_read_without_a_token_and_keeps_the_workflow_to_officials(
        self, data: ResultsData
    ) -> None:
        url = f"/api/v1/summary?criteriaSet={NTM}&year={YEAR}&parent=84"
        anonymous = Client().get(url).json()
        assert anonymous["recognised"]["ntm"] == 82
        assert anonymous["dossiersInProgress"] is None
        province = data.personas.client(data.personas.province).get(url).json()
        assert province["recognised"] == anonymous["recognised"]
        assert isinstance(province["dossiersInProgress"], dict)
        resident = data.personas.client(data.personas.resident).get(url).json()
        assert resident["dossiersInProgress"] is None

    def test_the_same_counts_for_an_officer_outside_the_parent(self, data: ResultsData) -> None:
        url = f"/api/v1/summary?criteriaSet={ADVANCED}&year={YEAR}&parent=84"
        p = data.personas
        answer = p.client(p.commune_b).get(url).json()
        assert answer["recognised"]["advanced"] == 27
        assert answer["dossiersInProgress"] is None


class SmallDataTests:
    """Without the 85 communes: bad input, unknown units, years without results."""

    @pytest.mark.parametrize("year", ["abc", "1999", "2101"])
    def test_a_bad_year_is_a_400_in_vietnamese(self, personas: Personas, year: str) -> None:
        response = Client().get(f"/results/?year={year}")
        assert response.status_code == 400
        assert "năm" in text_of(response.content).lower()

    def test_the_year_bounds_themselves_are_accepted(self, personas: Personas) -> None:
        # The test province exists in 2000 and ends on 30/06/2025: none recorded in 2100.
        assert Client().get("/results/?year=2000").status_code == 200
        response = Client().get("/results/?year=2100")
        assert response.status_code == 404
        assert "2100" in text_of(response.content)

    def test_a_bad_date_is_a_400(self, personas: Personas) -> None:
        response = Client().get(f"/results/{personas.commune_a_unit.code}/?as_of=31/02/2023")
        assert response.status_code == 400

    def test_a_hamlet_or_unknown_code_is_a_404(self, personas: Personas) -> None:
        assert Client().get(f"/results/{personas.hamlet_a_unit.code}/").status_code == 404
        response = Client().get("/results/99999/?year=2023")
        assert response.status_code == 404
        assert "99999" in text_of(response.content)

    def test_a_unit_replaced_in_the_reorganisation_opens_on_its_last_year(
        self, personas: Personas
    ) -> None:
        # Today is after 1 July 2025: Ngãi Xuyên (ended 30/06/2025) opens on 2024, its last
        # year with a 1 July, and says there are no results yet.
        response = Client().get(f"/results/{personas.commune_a_unit.code}/")
        assert response.status_code == 200
        assert response.context["data"].year == 2024
        assert "Chưa có kết quả đánh giá tiêu chí năm 2024." in text_of(response.content)

    def test_the_province_page_without_any_result(self, personas: Personas) -> None:
        response = Client().get("/results/")
        assert response.status_code == 200
        assert response.context["data"].unit.code == "84"
