"""Pages in a real headless Chromium: the main journey, Vietnamese by default, accessibility."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.testing import Personas, code_for, confirmed_device

from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AS_OF = "2023-06-01"


class JourneyTests:
    def test_commune_officer_logs_in_browses_the_tree_and_opens_a_unit(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        log_in(page, base, personas.commune_a.username)
        expect(page.locator("header").get_by_text(personas.commune_a.display_name)).to_be_visible()

        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Đơn vị hành chính"
        ).click()
        page.get_by_label("Tại ngày").fill(AS_OF)
        page.get_by_role("button", name="Xem").click()
        page.get_by_text("Huyện Trà Cú").first.click()
        page.get_by_role("link", name="Xã Ngãi Xuyên").first.click()

        assert page.get_by_role("heading", level=1).inner_text().startswith("Xã Ngãi Xuyên")
        expect(page.get_by_text("Ấp Chợ").first).to_be_visible()
        assert_accessible(page)

    def test_search_without_diacritics_finds_the_commune(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        page.goto(f"{live_server.url}/units/?as_of={AS_OF}")
        page.get_by_label("Tìm đơn vị").fill("ngai xuyen")
        page.get_by_role("button", name="Xem").click()
        # Waits for the results page: click() returns once the navigation has begun, and a
        # busy machine (two test workers) may not have drawn the list yet.
        expect(page.get_by_role("link", name="Xã Ngãi Xuyên").first).to_be_visible()


class EveryPageTests:
    """Each page a user can reach: Vietnamese by default and no serious accessibility issue."""

    def test_public_pages(self, live_server: Any, page: Any, personas: Personas) -> None:
        code = personas.commune_a_unit.code
        for path in [
            "/lam-viec/",
            f"/units/?as_of={AS_OF}",
            f"/units/?as_of={AS_OF}&q=ngai",
            f"/units/{code}/?as_of={AS_OF}",
            f"/units/{code}/history/?as_of={AS_OF}",
            "/accounts/login/",
            "/accounts/password-reset/",
            "/units/99999/",
        ]:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == "vi", path
            assert_accessible(page)

    def test_officer_pages(self, live_server: Any, page: Any, personas: Personas) -> None:
        base = live_server.url
        log_in(page, base, personas.district.username)
        code = personas.commune_a_unit.code
        other = personas.commune_a.pk
        for path in [
            "/accounts/me/",
            "/accounts/users/",
            "/accounts/users/add/",
            f"/accounts/users/{other}/",
            f"/accounts/users/{other}/edit/",
            f"/accounts/users/{other}/history/",
            f"/units/{code}/edit/?as_of={AS_OF}",
            f"/units/{code}/hamlets/add/?as_of={AS_OF}",
            "/accounts/2fa/setup/",
            "/accounts/password-change/",
        ]:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == "vi", path
            assert_accessible(page)


class FlowPageTests:
    """Pages reached only through a flow: the new token, the lockout, the second factor."""

    def test_a_new_token_is_shown_once_on_an_accessible_page(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        log_in(page, live_server.url, personas.commune_a.username)
        page.goto(f"{live_server.url}/accounts/me/")
        page.get_by_label("Tên").fill("Nhập Excel")
        page.get_by_role("button", name="Tạo mã truy cập").click()
        expect(page.get_by_text("sr_").first).to_be_visible()
        assert_accessible(page)

    def test_repeated_wrong_passwords_lock_the_account_with_a_clear_page(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        for _attempt in range(5):
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Tên đăng nhập hoặc e-mail").fill(personas.commune_b.username)
            page.get_by_label("Mật khẩu").fill("sai-mat-khau")
            page.get_by_role("button", name="Đăng nhập").click()
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "khóa" in page.locator("main").inner_text().lower()
        assert_accessible(page)

    def test_an_officer_with_an_authenticator_is_asked_the_code(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        device = confirmed_device(personas.district)
        log_in(page, live_server.url, personas.district.username)
        assert "/accounts/2fa/verify/" in page.url
        assert_accessible(page)
        page.get_by_label("Mã 6 chữ số").fill(code_for(device))
        page.get_by_role("button", name="Xác minh").click()
        page.goto(f"{live_server.url}/accounts/users/")
        assert page.get_by_role("heading", level=1).inner_text() == "Người dùng"
