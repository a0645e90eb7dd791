"""The Content-Security-Policy: on every response of every endpoint and error page, and no page
that needs what it forbids (inline script, inline style, event-handler attributes).

The browser side (no violation reported while the main pages are used) is in
smartrural/e2e/test_csp.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import include, path

from smartrural.core.tests.test_endpoint_matrix import ENDPOINTS
from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, PERSONAS, Endpoint

HEADER = "Content-Security-Policy"
# Directive -> the sources it must have exactly.
REQUIRED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(response: HttpResponseBase) -> dict[str, list[str]]:
    assert HEADER in response, f"no {HEADER} on {response.status_code} {response}"
    parsed: dict[str, list[str]] = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_policy(response: HttpResponseBase) -> None:
    policy = directives(response)
    if policy.get("default-src") == ["'none'"] and response.get("Content-Type") != "text/html":
        # Stricter still: nothing at all may load (Wagtail's policy on a served PDF document).
        return
    for name, sources in REQUIRED.items():
        assert policy.get(name) == sources, (name, response[HEADER])


class InlineCode(HTMLParser):
    """Collects what the policy would block in an HTML page: inline scripts (JSON data blocks
    are not executed and are fine), <style> elements, style and on* attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script_start: str | None = None
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self._script_start = self.get_starttag_text() or tag
            self._script_text = ""
        for name in ("href", "src", "action"):
            value = (names.get(name) or "").strip().lower()
            if value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_data(self, data: str) -> None:
        if self._script_start is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_start is not None:
            if self._script_text.strip():
                self.found.append(f"{self._script_start}{self._script_text.strip()[:60]}")
            self._script_start = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def _rank(status: int | str) -> int:
    if status == LOGIN:
        return 3
    assert isinstance(status, int)
    return 0 if status < 300 else 1 if status < 400 else 2


def _persona_for(endpoint: Endpoint) -> str:
    """The persona that gets the endpoint's real answer: a 2xx if anyone does, else a redirect."""
    return min(PERSONAS, key=lambda persona: _rank(endpoint.expect[persona]))


CASES = [
    pytest.param(endpoint, id=f"{endpoint.method}-{endpoint.name}-{i}")
    for i, endpoint in enumerate(ENDPOINTS)
]


class InlineCodeParserTests:
    """The page check below can fail: it sees each kind of inline code."""

    def test_it_finds_inline_script_style_and_handlers(self) -> None:
        html = (
            '<script>alert(1)</script><p style="color:red" onclick="x()">a</p>'
            '<style>p{}</style><a href="javascript:alert(1)">b</a>'
        )
        assert len(inline_code(html)) == 5

    def test_it_accepts_script_files_and_json_data(self) -> None:
        html = (
            '<script src="/static/x.js"></script>'
            '<script type="application/json" id="d">{"a": "<b>"}</script>'
        )
        assert inline_code(html) == []


class EveryEndpointTests:
    @pytest.mark.parametrize("endpoint", CASES)
    def test_the_response_carries_the_policy_and_needs_no_inline_code(
        self, personas: Personas, endpoint: Endpoint
    ) -> None:
        persona = _persona_for(endpoint)
        client = personas.client(None if persona == "anonymous" else getattr(personas, persona))
        response = endpoint.request(client, endpoint.url(personas))
        expected = endpoint.expect[persona]
        assert response.status_code == (302 if expected == LOGIN else expected), endpoint
        assert_policy(response)
        if response.get("Content-Type", "").startswith("text/html"):
            assert inline_code(response.content.decode()) == [], endpoint.name


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _denied(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _suspicious(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("boom/", _boom),
    path("api/v1/boom/", _boom),
    path("denied/", _denied),
    path("suspicious/", _suspicious),
    path("", include("config.urls")),
]
handler400 = "smartrural.core.errors_views.bad_request"
handler403 = "smartrural.core.errors_views.permission_denied"
handler404 = "smartrural.core.errors_views.page_not_found"
handler500 = "smartrural.core.errors_views.server_error"


@pytest.mark.django_db
class ErrorPageTests:
    @pytest.fixture(autouse=True)
    def failing_views(self, settings: Any) -> None:
        settings.ROOT_URLCONF = __name__

    @pytest.mark.parametrize(
        ("url", "status"),
        [
            ("/suspicious/", 400),
            ("/denied/", 403),
            ("/khong-co-trang-nay/", 404),
            ("/boom/", 500),
            ("/api/v1/boom/", 500),
        ],
    )
    def test_error_pages_carry_the_policy(self, url: str, status: int) -> None:
        response = Client(raise_request_exception=False).get(url)
        assert response.status_code == status
        assert_policy(response)
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == []

    def test_a_request_refused_for_its_host_carries_the_policy(self) -> None:
        response = Client(HTTP_HOST="ke-gian.example").get("/lam-viec/")
        assert response.status_code == 400
        assert_policy(response)


@pytest.mark.django_db
class AdminTests:
    def test_the_admin_login_and_index_carry_the_policy(self) -> None:
        from smartrural.accounts.models import User

        client = Client()
        assert_policy(client.get("/admin/login/"))
        admin = User.objects.create_superuser("root", "root@example.test", "root-password-1")
        client.force_login(admin, backend="smartrural.accounts.backends.UsernameOrEmailBackend")
        for url in ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{admin.pk}/change/"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_policy(response)
            assert inline_code(response.content.decode()) == [], url


class LegendColourTests:
    """The dashboard legend's swatches are classes (no style attribute under the policy): their
    colours in dashboard.css must be the map's colours."""

    def test_every_level_colour_of_the_map_is_in_the_stylesheet(self) -> None:
        from django.conf import settings

        from smartrural.reports.schematic import COLOURS

        css = (settings.BASE_DIR / "static/reports/dashboard.css").read_text()
        for level, colour in COLOURS.items():
            assert f".swatch.level-{level} {{ background: {colour}; }}" in css, level
