"""The home page per persona: the figures of the reader's units (each linking to its page) and,
for officials who write, what waits for them; residents and visitors read the public figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from smartrural.criteria.models import IndicatorValue
from smartrural.criteria.services import indicator_value_return
from smartrural.feedback.models import Category
from smartrural.feedback.shipped import load_default_categories
from smartrural.feedback.tests.factories import file_report, today_units
from smartrural.recognition.models import Dossier
from smartrural.recognition.services import dossier_move, dossier_register
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import Personas
from smartrural.transformation.pilots.services import pilot_milestone_create
from smartrural.transformation.tests.test_pilots_pages import selected_with_plan

from .helpers import give_values, ntm_set, recognise
from .results_data import text_of

pytestmark = pytest.mark.django_db

YEAR = 2023


@pytest.fixture
def data(personas: Personas) -> Personas:
    """Mỹ Cẩm recognised NTM; Ngãi Xuyên meets every criterion, one of its values returned by
    the district, its dossier registered (its officer's step); Kim Sơn's dossier submitted
    40 days ago (the district's inspection, overdue); a pilot milestone of Ngãi Xuyên due on
    30/06/2024 at 40%."""
    p = personas
    criteria_set = ntm_set()
    give_values([p.commune_a_unit, p.other_commune_unit], met=True)
    give_values([p.commune_b_unit], met=True)
    recognise([p.other_commune_unit])
    value = IndicatorValue.objects.get(unit=p.commune_a_unit, indicator_code="3.1")
    indicator_value_return(value=value, comment="Kiểm tra lại số liệu", by=p.district)
    dossier_register(
        unit=p.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=YEAR,
        by=p.commune_a,
    )
    late = dossier_register(
        unit=p.commune_b_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=YEAR,
        by=p.commune_b,
    )
    late = dossier_move(dossier=late, action_name="self_assess", by=p.commune_b)
    late = surveyed_outside(late, by=p.commune_b)
    late = dossier_move(dossier=late, action_name="submit", by=p.commune_b)
    Dossier.objects.filter(pk=late.pk).update(
        stage_entered_at=F("stage_entered_at") - dt.timedelta(days=40)
    )
    candidate = selected_with_plan(p)
    pilot_milestone_create(
        plan=candidate.plan,
        title="Sàn thương mại điện tử",
        due=dt.date(2024, 6, 30),
        progress=40,
        by=p.province,
    )
    return p


def home(client: Client, queries: DjangoAssertNumQueries | None = None, limit: int = 0) -> str:
    if queries is None:
        response = client.get("/lam-viec/")
    else:
        with queries(limit):
            response = client.get("/lam-viec/")
    assert response.status_code == 200
    return response.content.decode()


def links_work(client: Client, page: str, *hrefs: str) -> None:
    for href in hrefs:
        assert f'href="{href}"' in page, href
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


class HomeFiguresTests:
    def test_anonymous_reads_the_provinces_public_figures(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = Client()
        page = home(client, django_assert_max_num_queries, 40)
        text = text_of(page.encode())
        assert f"Tỉnh Trà Vinh năm {YEAR}" in text
        assert "1/3 xã đạt chuẩn nông thôn mới" in text
        # The counts behind the figure (evaluations, dossiers in progress) are officials' only.
        assert "chưa được công nhận" not in text and "đang xử lý" not in text
        assert "Việc cần làm" not in text
        links_work(client, page, f"/results/84/?year={YEAR}")
        assert "/dashboard/" not in page

    def test_the_province_office_reads_its_figures_and_what_waits(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = data.client(data.province)
        page = home(client, django_assert_max_num_queries, 80)
        text = text_of(page.encode())
        assert "1/3 xã đạt chuẩn nông thôn mới" in text
        links_work(
            client,
            page,
            f"/dashboard/?unit=84&amp;year={YEAR}",
            f"/transformation/?unit=84&amp;year={YEAR}",
            f"/results/84/?year={YEAR}",
        )
        assert "Việc cần làm" in text
        assert "Hồ sơ đang chờ bạn xử lý" in text
        assert "Xã Kim Sơn" in text and "quá hạn" in text
        assert "Mốc công việc thí điểm quá hạn" in text
        assert "“Sàn thương mại điện tử” was due" not in text  # Vietnamese, not English
        assert "Sàn thương mại điện tử" in text and "30/06/2024" in text
        # The district returned the value: its correction is the commune's work, not the
        # province's.
        assert "Chỉ tiêu bị huyện trả lại" not in text

    def test_the_district_officer_has_the_overdue_inspection_and_their_communes(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = data.client(data.district)
        page = home(client, django_assert_max_num_queries, 80)
        text = text_of(page.encode())
        assert f"Huyện Trà Cú năm {YEAR}" in text
        assert "0/2 xã đạt chuẩn nông thôn mới" in text
        # Under the figure: Ngãi Xuyên and Kim Sơn meet every criterion; both dossiers move.
        assert "2 xã đạt đủ các tiêu chí, chưa được công nhận" in text
        assert "2 hồ sơ nông thôn mới đang xử lý" in text
        links_work(client, page, f"/dashboard/?unit=849&amp;year={YEAR}")
        assert "Hồ sơ đang chờ bạn xử lý" in text
        mine = text.split("Hồ sơ đang chờ bạn xử lý")[1]
        assert "Xã Kim Sơn" in mine and "quá hạn" in mine
        assert "Mốc công việc thí điểm quá hạn" in text
        assert "Mỹ Cẩm" not in text  # Càng Long's

    def test_the_commune_officer_has_the_returned_value_the_dossier_and_the_milestone(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = data.client(data.commune_a)
        page = home(client, django_assert_max_num_queries, 80)
        text = text_of(page.encode())
        assert f"Xã Ngãi Xuyên năm {YEAR}" in text
        assert "Chưa được công nhận" in text
        assert "4/4 tiêu chí đạt" in text
        assert "Chỉ tiêu bị huyện trả lại" in text
        assert f"Xã Ngãi Xuyên: 1 chỉ tiêu năm {YEAR} bị trả lại để sửa" in text
        links_work(client, page, f"/criteria/QD318-XA/{YEAR}/29479/")
        assert "Hồ sơ đang chờ bạn xử lý" in text
        assert "Mốc công việc thí điểm quá hạn" in text
        assert "Kim Sơn" not in text  # another commune's dossier

    def test_kim_sons_officer_sees_their_dossier_overdue_at_the_district(
        self, data: Personas
    ) -> None:
        text = text_of(home(data.client(data.commune_b)).encode())
        assert "Hồ sơ quá hạn đang chờ cấp khác xử lý" in text
        assert "Xã Kim Sơn" in text
        assert "Chỉ tiêu bị huyện trả lại" not in text

    def test_a_viewer_reads_the_figures_without_work(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = data.client(data.viewer_a)
        page = home(client, django_assert_max_num_queries, 60)
        text = text_of(page.encode())
        assert f"Xã Ngãi Xuyên năm {YEAR}" in text
        assert "Việc cần làm" not in text
        links_work(client, page, f"/dashboard/?unit=29479&amp;year={YEAR}")

    def test_a_resident_reads_their_communes_public_figures_only(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = data.client(data.resident)
        page = home(client, django_assert_max_num_queries, 60)
        text = text_of(page.encode())
        assert f"Xã Ngãi Xuyên năm {YEAR}" in text
        assert "4/4 tiêu chí đạt" in text
        links_work(client, page, f"/results/29479/?year={YEAR}", "/results/")
        for officers in (
            "Việc cần làm",
            "Bảng điều khiển",
            "Số liệu chỉ tiêu",
            "cần nhập số liệu",
            "Hồ sơ công nhận",
            "Người dùng",
            "token",
        ):
            assert officers not in text, officers
        for href in ("/dashboard/", "/criteria/", "/dossiers/", "/transformation/"):
            assert f'href="{href}' not in page, href

    def test_without_any_result_today_the_home_page_has_no_figures(
        self, personas: Personas
    ) -> None:
        # No results anywhere, and the personas' units ended with the 2025 reorganisation: the
        # year shown would be today's, in which the reader has no unit: no figures section.
        for user in (personas.resident, personas.commune_a):
            response = personas.client(user).get("/lam-viec/")
            assert response.status_code == 200
            assert "home-figures-title" not in response.content.decode()
        # A visitor reads the province in its last year with a 1 July, without results yet.
        text = text_of(home(Client()).encode())
        assert "Tỉnh Trà Vinh năm 2024" in text
        assert "Chưa có kết quả công nhận nào được ghi nhận cho năm 2024." in text


class FeedbackTodoTests:
    """Residents' reports the reader's units handle: overdue ones, and new ones to accept."""

    @pytest.fixture
    def reports(self, personas: Personas) -> dict[str, Any]:
        load_default_categories(Category)  # a flush before this test may have removed them
        p = personas
        units = today_units(p)
        late = [
            file_report(p.hamlet_a_unit, on=dt.date(2023, 6, 1) + dt.timedelta(days=i))
            for i in range(12)
        ]
        new = file_report(units.hamlet_a_unit, on=timezone.localdate()).report  # the real today
        other = file_report(p.commune_b_unit, on=dt.date(2023, 6, 1)).report
        return {"late": [s.report for s in late], "new": new, "other": other}

    def test_the_commune_officer_sees_the_oldest_ten_overdue_and_the_new_one(
        self, personas: Personas, reports: dict[str, Any]
    ) -> None:
        page = home(personas.client(personas.commune_a))
        text = text_of(page.encode())
        assert "Phản ánh của người dân đã quá hạn" in text
        late = text.split("Phản ánh của người dân đã quá hạn")[1]
        first_ten = reports["late"][:10]
        for report in first_ten:
            assert f'href="/feedback/work/{report.pk}/"' in page
        assert f'href="/feedback/work/{reports["late"][10].pk}/"' not in page
        late = late.split("Phản ánh mới cần tiếp nhận")[0]
        assert "và 2 việc khác" in late  # 12 overdue: the ten oldest listed, two counted
        assert f"#{first_ten[0].pk} Đường giao thông, cầu, cống — Ấp Chợ: hạn 15/06/2023" in late
        assert "Phản ánh mới cần tiếp nhận" in text
        assert f'href="/feedback/work/{reports["new"].pk}/"' in page
        assert f'href="/feedback/work/{reports["other"].pk}/"' not in page  # Kim Sơn's
        assert (
            personas.client(personas.commune_a).get("/feedback/work/?overdue=on").status_code == 200
        )

    def test_the_number_of_queries_does_not_grow_with_the_reports(
        self,
        personas: Personas,
        reports: dict[str, Any],
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        client = personas.client(personas.commune_a)
        home(client)
        with django_assert_max_num_queries(80) as few:
            home(client)
        for i in range(15):
            file_report(personas.hamlet_a_unit, on=dt.date(2023, 7, 3) + dt.timedelta(days=i))
        with django_assert_max_num_queries(len(few.captured_queries)):
            home(client)

    def test_viewers_and_residents_have_no_such_work(
        self, personas: Personas, reports: dict[str, Any]
    ) -> None:
        for who in (personas.viewer_a, personas.resident):
            text = text_of(home(personas.client(who)).encode())
            assert "Phản ánh của người dân đã quá hạn" not in text
            page = home(personas.client(who))
            assert not any(f"/feedback/work/{r.pk}/" in page for r in reports["late"])
