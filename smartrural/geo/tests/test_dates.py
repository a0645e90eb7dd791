"""Units on a date: the browser's default day, the header's province, codes not valid on the day
asked (API detail, page), with the clock today (02/12/2026) and in 2023."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.geo import selectors
from smartrural.testing import IN_2023, TODAY, Clock

NGAI_XUYEN_GONE = (
    "Mã 29479 không thuộc đơn vị nào vào ngày 02/12/2026. Xã Ngãi Xuyên (29479) có hiệu lực "
    "đến 30/06/2025; đơn vị kế thừa: Xã Trà Cú (29461)."
)


@pytest.mark.usefixtures("reference")
class CodeNotValidTests:
    def test_the_message_names_the_end_of_validity_and_the_successors(self):
        message = selectors.code_not_valid_message(code="29479", as_of=TODAY)
        assert message == NGAI_XUYEN_GONE

    def test_a_unit_asked_before_it_existed_names_its_start_and_predecessors(self):
        message = selectors.code_not_valid_message(code="29461", as_of=IN_2023)
        assert message.startswith("Mã 29461 không thuộc đơn vị nào vào ngày 01/06/2023.")
        assert "Xã Trà Cú (29461) có hiệu lực từ 01/07/2025; đơn vị tiền thân:" in message
        assert "Xã Ngãi Xuyên (29479)" in message

    def test_valid_until_30_06_2025_and_asked_on_01_07_2025(self, client):
        on_last_day = client.get("/api/v1/units/29479?as_of=2025-06-30")
        assert on_last_day.status_code == 200
        assert on_last_day.json()["name"] == "Xã Ngãi Xuyên"
        next_day = client.get("/api/v1/units/29479?as_of=2025-07-01")
        assert next_day.status_code == 404
        assert next_day.json()["detail"].startswith(
            "Mã 29479 không thuộc đơn vị nào vào ngày 01/07/2025. Xã Ngãi Xuyên (29479) có hiệu "
            "lực đến 30/06/2025; đơn vị kế thừa: Xã Trà Cú (29461)"
        )

    def test_the_api_answers_a_parent_gone_today_with_its_successor(self, client, clock: Clock):
        clock.set(TODAY)
        response = client.get("/api/v1/units?parent=84")
        assert response.status_code == 404
        assert response.json()["detail"] == (
            "Mã 84 không thuộc đơn vị nào vào ngày 02/12/2026. Tỉnh Trà Vinh (84) có hiệu lực "
            "đến 30/06/2025; đơn vị kế thừa: Tỉnh Vĩnh Long (86)."
        )
        assert client.get("/api/v1/units?parent=86").json()["count"] == 41

    def test_in_2023_the_same_request_lists_tra_vinh(self, client, clock: Clock):
        clock.set(IN_2023)
        body = client.get("/api/v1/units?parent=84").json()
        assert body["count"] == 9  # the nine district-level units

    def test_the_api_answers_a_unit_gone_today_with_its_successor(self, client, clock: Clock):
        clock.set(TODAY)
        response = client.get("/api/v1/units/29479")
        assert response.status_code == 404
        assert response.json() == {"detail": NGAI_XUYEN_GONE}

    def test_the_unit_page_says_the_same_on_its_404_page(self, client, clock: Clock):
        clock.set(TODAY)
        response = client.get("/units/29479/")
        assert response.status_code == 404
        page = response.content.decode()
        assert NGAI_XUYEN_GONE in page
        assert 'href="/units/29461/?as_of=' in page  # the successor, linked
        assert "Đơn vị hành chính tại ngày 02/12/2026" in page
        assert "Tỉnh Vĩnh Long" in page

    def test_a_code_never_used_is_a_plain_404(self, client):
        response = client.get("/api/v1/units/99999")
        assert response.status_code == 404
        assert response.json()["detail"] == "Không có đơn vị hành chính nào mang mã 99999."

    def test_the_message_takes_two_queries(self, django_assert_num_queries):
        with django_assert_num_queries(2):
            selectors.code_not_valid_message(code="29479", as_of=TODAY)


@pytest.mark.usefixtures("reference")
class UnitBrowserDateTests:
    def test_today_the_anonymous_browser_shows_vinh_long_under_its_own_header(
        self, client, clock: Clock
    ):
        clock.set(TODAY)
        response = client.get("/units/")
        page = response.content.decode()
        assert response.context["as_of"] == TODAY
        assert '<span class="brand-province">Tỉnh Vĩnh Long</span>' in page
        assert "Tỉnh Trà Vinh" not in page
        assert "Đơn vị hành chính tại ngày 02/12/2026" in page

    def test_in_2023_it_shows_tra_vinh(self, client, clock: Clock):
        clock.set(IN_2023)
        response = client.get("/units/")
        page = response.content.decode()
        assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page
        assert "Đơn vị hành chính tại ngày 01/06/2023" in page

    def test_a_date_asked_sets_the_header(self, client, clock: Clock):
        clock.set(TODAY)
        page = client.get("/units/?as_of=2023-07-01").content.decode()
        assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page
        assert "Đơn vị hành chính tại ngày 01/07/2023" in page
        page = client.get("/units/?as_of=2025-07-01").content.decode()
        assert '<span class="brand-province">Tỉnh Vĩnh Long</span>' in page

    def test_a_unit_page_says_the_date_its_unit_is_taken_at(self, client, clock: Clock):
        clock.set(TODAY)
        page = client.get("/units/29479/?as_of=2023-07-01").content.decode()
        assert "Đơn vị hành chính tại ngày 01/07/2023" in page
        assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page


@pytest.mark.django_db
class DefaultDayWithoutTodaysUnitsTests:
    def test_an_installation_with_only_old_units_opens_on_their_last_day(
        self, personas, clock: Clock
    ):
        clock.set(TODAY)  # the personas' units end on 30/06/2025
        response = personas.client(None).get("/units/")
        assert response.context["as_of"] == dt.date(2025, 6, 30)
        assert "Xã Ngãi Xuyên" in response.content.decode()
        body = personas.client(None).get("/api/v1/units?parent=849").json()
        assert body["count"] == 2

    def test_without_any_unit_the_header_keeps_the_configured_name(self, client, clock: Clock):
        clock.set(TODAY)
        page = client.get("/units/").content.decode()
        assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page
