"""Unit and hamlet names with hostile text, through every transport: the pages' forms, the API
and the units import. Each is refused with a message saying what is wrong; nothing is stored."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from smartrural.geo.importer import ImportFailed, import_units
from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import Personas

AS_OF = "2023-07-01"
# (a bad name, what the Vietnamese message says)
BAD = [
    pytest.param("Xã Ngãi\x00Xuyên", "ký tự điều khiển (U+0000", id="nul"),
    pytest.param("Xã \x1b[31mNgãi Xuyên", "ký tự điều khiển (U+001B", id="esc"),
    pytest.param("Xã Ngãi Xuyên\u202e", "điều khiển hướng chữ (U+202E", id="bidi-override"),
    pytest.param("\u2067Xã Ngãi Xuyên", "điều khiển hướng chữ (U+2067", id="bidi-isolate"),
    pytest.param("Xã Ngãi\u200bXuyên", "ký tự vô hình (U+200B", id="zero-width-space"),
    pytest.param("Xã Ngãi Xuyên\ufeff", "ký tự vô hình (U+FEFF", id="bom"),
    pytest.param("Xã Ngãi\nXuyên", "một dòng", id="line-break"),
    pytest.param("Ấ" * 201, "201 ký tự, tối đa 200", id="too-long"),
]
LONGEST = "Ấ" * 200
VIETNAMESE = "Ấp Đồng Khởi – Tân Hiệp, Ngọc Biên (ưỡ ẫ ỵ ỷ ỹ ặ ằ ổ ợ ữ)"


def _stored_name(code: str) -> str:
    return AdministrativeUnit.objects.filter(code=code).values_list("name", flat=True).get()


class UnitEditPageTests:
    url = reverse("geo:unit-edit", args=["29479"]) + f"?as_of={AS_OF}"

    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_name_is_a_form_error(self, personas: Personas, name: str, says: str) -> None:
        client = personas.client(personas.district)
        response = client.post(self.url, {"name": name, "region": "dbscl"})
        assert response.status_code == 422
        errors = response.context["form"].errors["name"]
        assert any(says in e for e in errors), errors
        assert _stored_name("29479") == "Xã Ngãi Xuyên"

    @pytest.mark.parametrize("name", [LONGEST, VIETNAMESE])
    def test_a_good_name_is_stored_as_nfc(self, personas: Personas, name: str) -> None:
        client = personas.client(personas.district)
        version = personas.commune_a_unit.version
        response = client.post(self.url, {"name": name, "region": "dbscl", "version": version})
        assert response.status_code == 302
        assert _stored_name("29479") == name


class HamletAddPageTests:
    url = reverse("geo:hamlet-add", args=["29479"]) + f"?as_of={AS_OF}"

    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_hamlet_name_is_a_form_error(
        self, personas: Personas, name: str, says: str
    ) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(self.url, {"name": name, "code": "2947902", "kind": "ap"})
        errors = response.context["form"].errors["name"]
        assert any(says in e for e in errors), errors
        assert not AdministrativeUnit.objects.filter(code="2947902").exists()

    def test_the_longest_name_is_accepted(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(self.url, {"name": LONGEST, "code": "2947902", "kind": "ap"})
        assert response.status_code == 302
        assert _stored_name("2947902") == LONGEST


def _api(client: Any, method: str, url: str, body: Any) -> Any:
    call = getattr(client, method)
    return call(f"{url}?as_of={AS_OF}", data=json.dumps(body), content_type="application/json")


class UnitApiTests:
    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_name_is_422_saying_why(self, personas: Personas, name: str, says: str) -> None:
        client = personas.client(personas.district)
        response = _api(client, "patch", "/api/v1/units/29479", {"name": name})
        assert response.status_code == 422
        assert says in response.json()["detail"]
        assert response.json()["detail"].startswith("name: ")
        assert _stored_name("29479") == "Xã Ngãi Xuyên"

    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_searching_for_a_bad_name_finds_nothing_and_fails_nothing(
        self, personas: Personas, name: str, says: str
    ) -> None:
        # Search words are not stored: they need not be a valid name. A NUL, which PostgreSQL
        # refuses in any query's text, is refused for the whole request (core.middleware).
        response = personas.client(None).get("/api/v1/units", {"as_of": AS_OF, "q": name})
        if "\x00" in name:
            assert response.status_code == 400
            assert response.json()["detail"].startswith('Tham số "q"')
        else:
            assert response.status_code == 200
            # Nothing, or Ngãi Xuyên itself when the odd character is taken as a space.
            assert {u["code"] for u in response.json()["items"]} <= {"29479"}

    def test_empty_search_words_find_every_unit(self, personas: Personas) -> None:
        client = personas.client(None)
        everything = client.get("/api/v1/units", {"as_of": AS_OF}).json()
        assert client.get("/api/v1/units", {"as_of": AS_OF, "q": ""}).json() == everything

    def test_markup_is_stored_as_text_it_is_the_pages_that_escape_it(
        self, personas: Personas
    ) -> None:
        # Markup is not a control character: the name is kept as written, and every page and
        # script shows it as text (tested with the pages).
        client = personas.client(personas.district)
        name = "Xã Ngãi Xuyên<img src=x onerror=alert(1)>"
        assert _api(client, "patch", "/api/v1/units/29479", {"name": name}).status_code == 200
        page = personas.client(None).get(
            reverse("geo:unit-detail", args=["29479"]) + "?as_of=2023-07-01"
        )
        assert "<img src=x" not in page.content.decode()
        assert "&lt;img src=x" in page.content.decode()

    @pytest.mark.parametrize("name", [LONGEST, VIETNAMESE])
    def test_a_good_name_is_accepted(self, personas: Personas, name: str) -> None:
        client = personas.client(personas.district)
        padded = name if len(name) == 200 else f" {name} "  # the bound counts what is sent
        response = _api(client, "patch", "/api/v1/units/29479", {"name": padded})
        assert response.status_code == 200, response.content
        assert response.json()["name"] == name == _stored_name("29479")

    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_hamlet_name_is_422(self, personas: Personas, name: str, says: str) -> None:
        client = personas.client(personas.commune_a)
        body = {"name": name, "code": "2947902", "kind": "ap"}
        response = _api(client, "post", "/api/v1/units/29479/hamlets", body)
        assert response.status_code == 422
        assert says in response.json()["detail"]
        assert not AdministrativeUnit.objects.filter(code="2947902").exists()

    def test_a_ten_thousand_character_hamlet_name_is_422(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        body = {"name": "Ấp " * 3334, "code": "2947902", "kind": "ap"}
        response = _api(client, "post", "/api/v1/units/29479/hamlets", body)
        assert response.status_code == 422
        assert not AdministrativeUnit.objects.filter(code="2947902").exists()

    def test_the_longest_hamlet_name_is_accepted(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        body = {"name": LONGEST, "code": "2947902", "kind": "ap"}
        response = _api(client, "post", "/api/v1/units/29479/hamlets", body)
        assert response.status_code == 201, response.content
        assert _stored_name("2947902") == LONGEST


HEADER = "level,code,name,kind,parent_code,valid_from,valid_to,region,commune_group\n"
PARENTS = (
    HEADER
    + "province,84,Tỉnh Trà Vinh,tinh,,,2025-06-30,dbscl,\n"
    + "district,849,Huyện Trà Cú,huyen,84,,2025-06-30,dbscl,\n"
)


def _hamlet_row(name: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return (
        "commune,29479,Xã Ngãi Xuyên,xa,849,,2025-06-30,,\n"
        f"hamlet,2947901,{quoted},ap,29479,,2025-06-30,,\n"
    )


@pytest.mark.django_db
class UnitImportTests:
    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_name_is_reported_on_its_row_and_nothing_is_written(
        self, name: str, says: str
    ) -> None:
        with pytest.raises(ImportFailed) as info:
            import_units(io.StringIO(PARENTS + _hamlet_row(name)))
        (error,) = info.value.errors
        assert error.row == 5
        assert says in error.message
        assert not AdministrativeUnit.objects.exists()

    @pytest.mark.parametrize("name", [LONGEST, VIETNAMESE])
    def test_good_names_are_imported(self, name: str) -> None:
        import_units(io.StringIO(PARENTS + _hamlet_row(name)))
        assert _stored_name("2947901") == name


class ModelValidationTests:
    """``full_clean`` (the admin, any ModelForm) runs the same checks on the stored fields."""

    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_full_clean_refuses_a_bad_unit_name(
        self, personas: Personas, name: str, says: str
    ) -> None:
        unit = AdministrativeUnit.objects.get(code="29479")
        unit.name = name
        with pytest.raises(ValidationError) as info:
            unit.full_clean()
        messages = info.value.message_dict["name"]
        # The length is Django's own max_length check there, in Django's words.
        expected = "200" if "tối đa 200" in says else says
        assert any(expected in m for m in messages), messages

    def test_full_clean_accepts_vietnamese(self, personas: Personas) -> None:
        unit = AdministrativeUnit.objects.get(code="29479")
        unit.name = VIETNAMESE
        unit.full_clean()
