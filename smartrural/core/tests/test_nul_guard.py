"""A NUL (U+0000) anywhere a request's text reaches a query: PostgreSQL refuses it in any text
parameter, which was a 500 there. ``NulGuardMiddleware`` answers 400 saying where, or drops the
cookie that holds it. Run on SQLite and PostgreSQL (``.ci/run``), where the 500 happened."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from smartrural.testing import Personas

pytestmark = pytest.mark.django_db

SAYS = "không được chứa ký tự điều khiển (U+0000 ở vị trí"


class ApiTests:
    @pytest.mark.parametrize(
        ("url", "where"),
        [
            pytest.param("/api/v1/units?parent=%00", 'Tham số "parent"', id="parent"),
            pytest.param("/api/v1/units?as_of=2023-07-01&q=Ng%C3%A3i%00", 'Tham số "q"', id="q"),
            pytest.param("/api/v1/units?x%00y=1", "Tên một tham số", id="parameter-name"),
            pytest.param("/api/v1/units/%00", "Địa chỉ", id="code"),
            pytest.param("/api/v1/units/29479%00", "Địa chỉ", id="code-suffix"),
            pytest.param("/api/v1/units/29479/hamlets?as_of=%00", 'Tham số "as_of"', id="date"),
        ],
    )
    def test_a_nul_in_the_address_or_a_parameter_is_a_json_400_saying_where(
        self, personas: Personas, url: str, where: str
    ) -> None:
        response = personas.client(personas.district).get(url)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        detail = response.json()["detail"]
        assert detail.startswith(where) and SAYS in detail, detail

    def test_the_position_is_the_characters_not_the_bytes(self, personas: Personas) -> None:
        response = personas.client(None).get("/api/v1/units?q=%E1%BA%A4p%00")  # "Ấp\0"
        assert "ở vị trí 3)" in response.json()["detail"]

    def test_a_nul_in_a_header_is_a_400_naming_it(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        response = client.get("/api/v1/units", HTTP_IDEMPOTENCY_KEY="k\x00")
        assert response.status_code == 400
        assert response.json()["detail"].startswith('Tiêu đề "Idempotency-Key"')

    def test_anonymous_is_refused_the_same_before_authentication(self) -> None:
        # Nothing is looked up for a request holding a NUL, not even its credentials.
        response = Client().get("/api/v1/outreach/messages?q=%00")
        assert response.status_code == 400

    def test_the_published_api_says_so(self) -> None:
        spec = Client().get("/api/v1/openapi.json").json()
        operations = [op for ops in spec["paths"].values() for op in ops.values()]
        assert all("400" in op["responses"] for op in operations)
        units = spec["paths"]["/api/v1/units"]["get"]["parameters"]
        q = next(p for p in units if p["name"] == "q")["schema"]["anyOf"][0]
        assert q == {"type": "string", "pattern": "^[^\\u0000]*$"}


class PageTests:
    def test_a_nul_in_a_page_address_is_the_vietnamese_error_page(self, personas: Personas) -> None:
        response = personas.client(personas.district).get("/units/%00/")
        assert response.status_code == 400
        page = response.content.decode()
        assert '<html lang="vi">' in page and "Yêu cầu không hợp lệ" in page
        assert escape("Địa chỉ " + SAYS) in page

    @pytest.mark.parametrize(
        "url",
        [
            "/units/?q=%00",
            "/feedback/?q=Ng%00",
            "/khong-co%00-trang-nay/",  # the portal's pages are looked up by slug
            "/open311/v2/requests.json?service_code=%00",
        ],
    )
    def test_public_addresses_are_refused_too(self, url: str) -> None:
        assert Client().get(url).status_code == 400

    def test_the_message_follows_the_chosen_language(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/units/?q=a%00")
        assert response.status_code == 400
        assert '<html lang="en">' in response.content.decode()
        said = 'The parameter "q" must not contain control characters (U+0000 at position 2).'
        assert escape(said) in response.content.decode()

    def test_markup_in_a_parameter_name_is_escaped(self) -> None:
        response = Client().get("/units/?%3Cscript%3Ealert(1)%3C/script%3E=%00")
        page = response.content.decode()
        assert response.status_code == 400
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page

    def test_a_form_post_is_left_to_the_form_which_names_the_field(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.district)
        response = client.post(
            "/units/29479/edit/?as_of=2023-07-01", {"name": "Xã\x00", "region": "dbscl"}
        )
        assert response.status_code == 422
        assert any("U+0000" in e for e in response.context["form"].errors["name"])


class CookieTests:
    def test_a_session_cookie_holding_a_nul_is_dropped_and_the_visitor_is_anonymous(
        self, personas: Personas
    ) -> None:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = "abc\x00def"
        response = client.get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))

    def test_only_the_damaged_cookie_is_dropped(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        client.cookies["theo-doi"] = "x\x00y"
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/units/29479/?as_of=2023-07-01")
        assert response.status_code == 200
        assert response.context["user"] == personas.district
        assert '<html lang="en">' in response.content.decode()
