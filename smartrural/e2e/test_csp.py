"""The Content-Security-Policy in a real headless Chromium: the main pages work under it (map,
htmx, API docs, admin) and the browser reports no violation and no console error on them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.accounts.models import User
from smartrural.demo.testing import demo_for_pages
from smartrural.testing import PASSWORD, Personas

from .helpers import PageProblems, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AS_OF = "2023-06-01"


def visit(page: Any, problems: PageProblems, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), url
    page.wait_for_load_state("networkidle")
    problems.check()


class PublicPagesTests:
    def test_public_pages_and_the_api_docs_work_under_the_policy(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        base = live_server.url
        problems = PageProblems(page)
        code = personas.commune_a_unit.code
        for path in [
            "/lam-viec/",
            f"/units/?as_of={AS_OF}",
            f"/units/?as_of={AS_OF}&q=ngai",
            f"/units/{code}/?as_of={AS_OF}",
            f"/units/{code}/history/?as_of={AS_OF}",
            "/accounts/login/",
        ]:
            visit(page, problems, base + path)

        # The Swagger UI of django-ninja loads the published OpenAPI as it is (test_api_docs.py
        # checks every operation is rendered): here, that it works under the policy.
        operations = sum(
            1
            for item in page.request.get(f"{base}/api/v1/openapi.json").json()["paths"].values()
            for method in item
            if method in {"get", "post", "put", "patch", "delete"}
        )
        visit(page, problems, f"{base}/api/v1/docs")
        blocks = page.locator(".opblock")
        expect(blocks).to_have_count(operations)
        assert operations > 10
        blocks.first.locator(".opblock-summary").click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        problems.check()

    def test_a_missing_page_is_clean_too(self, live_server: Any, page: Any) -> None:
        problems = PageProblems(page)
        response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
        assert response is not None and response.status == 404
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        assert page.evaluate("window.__cspViolations") == []
        assert problems.console == []
        assert problems.failed == [f"404 {live_server.url}/khong-co-trang-nay/"]


class OfficerPagesTests:
    def test_dashboard_map_entry_page_and_transformation_dashboard(
        self, live_server: Any, page: Any
    ) -> None:
        demo_for_pages("2023-06-01", log_in_as=["vpdp"], password=PASSWORD)
        base = live_server.url
        page.set_viewport_size({"width": 1200, "height": 900})
        problems = PageProblems(page)
        log_in(page, base, "vpdp")
        problems.check()

        visit(page, problems, f"{base}/dashboard/?year=2023")
        markers = page.locator("#dashboard-map path.leaflet-interactive")
        expect(markers).to_have_count(85)
        markers.nth(0).hover()
        expect(page.locator(".leaflet-tooltip:not(.map-label)")).to_have_count(1)
        problems.check()

        visit(page, problems, f"{base}/transformation/?year=2023")
        visit(page, problems, f"{base}/dashboard/unit/29479/QD318-XA/2023/")
        visit(page, problems, f"{base}/dossiers/")

        # The entry page's live check is an htmx request; its response swaps in results.
        visit(page, problems, f"{base}/criteria/QD318-XA/2024/29479/")
        with page.expect_response(lambda r: r.url.endswith("/check/")) as checked:
            page.locator("#values-form input[type=text]").first.fill("1")
        assert checked.value.status == 200
        page.wait_for_load_state("networkidle")
        indicator_styles = page.evaluate(
            "[...document.querySelectorAll('style')].map(s => s.textContent)"
        )
        assert indicator_styles == []
        problems.check()


class AdminPagesTests:
    def test_the_admin_works_under_the_policy(self, live_server: Any, page: Any) -> None:
        User.objects.create_superuser("root", "root@example.test", PASSWORD)
        base = live_server.url
        problems = PageProblems(page)
        visit(page, problems, f"{base}/admin/login/")
        page.locator("#id_username").fill("root")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("input[type=submit]").click()
        page.wait_for_load_state()
        problems.check()
        admin = User.objects.get(username="root")
        for path in [
            "/admin/",
            "/admin/accounts/user/",
            f"/admin/accounts/user/{admin.pk}/change/",
            "/admin/geo/administrativeunit/",
        ]:
            visit(page, problems, base + path)
