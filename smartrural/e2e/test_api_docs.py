"""The API documentation page (/api/v1/docs, django-ninja's Swagger UI served by SmartRural) in
a real headless Chromium: the real published OpenAPI loads without a parser error and every
operation of it is rendered, with its method and path."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import PageProblems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


class ApiDocsTests:
    def test_the_docs_page_renders_every_operation_of_the_spec(
        self, live_server: Any, page: Any
    ) -> None:
        base = live_server.url
        spec = page.request.get(f"{base}/api/v1/openapi.json").json()
        expected = sorted(
            (method.upper(), path)
            for path, item in spec["paths"].items()
            for method in item
            if method in METHODS
        )
        assert len(expected) > 10

        problems = PageProblems(page)
        with page.expect_response(lambda r: r.url.endswith("/api/v1/openapi.json")) as loaded:
            page.goto(f"{base}/api/v1/docs")
        assert loaded.value.status == 200
        blocks = page.locator(".opblock")
        expect(blocks).to_have_count(len(expected))
        page.wait_for_load_state("networkidle")

        # Swagger UI shows a spec it could not read as "Parser error" / an errors panel.
        expect(page.locator(".errors-wrapper")).to_have_count(0)
        assert "Parser error" not in page.locator("body").inner_text()
        rendered = sorted(
            (
                block.locator(".opblock-summary-method").inner_text().strip().upper(),
                block.locator(".opblock-summary-path").get_attribute("data-path") or "",
            )
            for block in blocks.all()
        )
        assert rendered == expected
        assert page.locator(".info .title").inner_text().startswith(spec["info"]["title"])

        # An operation opens with its parameters and responses.
        blocks.first.locator(".opblock-summary").click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        expect(page.locator(".opblock-body .responses-wrapper").first).to_be_visible()
        problems.check()
