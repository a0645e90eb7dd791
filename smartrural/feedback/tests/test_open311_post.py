"""Open311 ``POST requests``: who may post (api_key), what is checked (each refusal a 400/403
naming the parameter, with nothing stored), and where the report goes (routed as the form's,
in the right officer's queue), today and in 2023."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client

from smartrural.feedback import tracking
from smartrural.feedback.access import reports_for_user
from smartrural.feedback.models import Channel, Report, ReportEvent
from smartrural.feedback.open311 import lookups
from smartrural.feedback.open311.keys import forget_keys, key_hash, open311_client_create
from smartrural.feedback.open311.models import Open311Client
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .factories import Today, today_units

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests"
# Inside Trà Vinh's (and so Vĩnh Long's) extent.
LAT, LONG = "9.8765", "106.3456"


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    forget_keys()
    lookups.forget()


@pytest.fixture
def key(db: None) -> str:
    return open311_client_create(name="Ứng dụng Vĩnh Long số", by=None)[1]


@pytest.fixture
def today(personas: Personas, clock: Clock, settings: Any) -> Today:
    clock.set(TODAY)
    settings.PROVINCE_CODE = "86"
    return today_units(personas)


def post(data: dict[str, Any], *, fmt: str = "json", expect: int = 200) -> Any:
    response = Client(enforce_csrf_checks=True).post(f"{URL}.{fmt}", data)
    assert response.status_code == expect, response.content.decode()
    if fmt == "xml":
        return ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    return json.loads(response.content)


def valid(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "service_code": "giao-thong",
        "address_id": "2946101",
        "description": "Cầu khỉ ấp Chợ bị gãy tay vịn.",
        "first_name": "Lê Thị",
        "last_name": "Hoa",
        "phone": "0912 345 678",
        "email": "hoa@example.test",
        "device_id": "abc-123",
        "media_url": "http://example.test/anh.jpg",
        **extra,
    }


def refused(data: dict[str, Any], expect: int = 400) -> str:
    """Posts ``data``, expects the refusal, checks nothing was stored; the descriptions."""
    before = (Report.objects.count(), ReportEvent.objects.count())
    errors = post(data, expect=expect)
    assert all(e["code"] == expect for e in errors)
    assert (Report.objects.count(), ReportEvent.objects.count()) == before
    return " | ".join(e["description"] for e in errors)


class PostTests:
    def test_it_files_a_report_routed_to_the_hamlets_commune(
        self, today: Today, personas: Personas, key: str
    ) -> None:
        (answer,) = post(valid(key))
        report = Report.objects.get(pk=int(answer["service_request_id"]))
        assert answer["account_id"] is None
        assert "Xã Trà Cú" in answer["service_notice"] and "16/12/2026" in answer["service_notice"]
        assert report.responsible_unit == today.commune_a_unit
        assert report.channel == Channel.OPEN311
        assert report.reporter_name == "Lê Thị Hoa" and report.hide_name
        assert report.reporter_phone == "0912345678"
        assert report.reporter_email == "hoa@example.test"
        assert report.tracking_hash == tracking.code_hash(tracking.normalise(answer["token"]) or "")
        assert report in reports_for_user(personas.commune_a)
        assert report not in reports_for_user(personas.commune_b)
        assert report.events.get().kind == "submitted"
        assert report.history.count() == 1

    def test_the_xml_answer_and_the_token_lead_back_to_the_request(
        self, today: Today, key: str
    ) -> None:
        root = post(valid(key), fmt="xml")
        assert root.tag == "service_requests"
        pk = root.findtext("request/service_request_id")
        token = root.findtext("request/token") or ""
        assert root.find("request/account_id") is not None
        client = Client()
        tokens = json.loads(client.get(f"/open311/v2/tokens/{token}.json").content)
        assert tokens == [{"service_request_id": pk, "token": token}]
        (found,) = json.loads(client.get(f"/open311/v2/requests/{pk}.json").content)
        assert found["description"] == "Cầu khỉ ấp Chợ bị gãy tay vịn."
        assert "Hoa" not in json.dumps(found) and "0912" not in json.dumps(found)

    def test_a_position_alone_goes_to_the_province_office(
        self, today: Today, personas: Personas, key: str
    ) -> None:
        data = valid(key, lat=LAT, long=LONG)
        del data["address_id"]
        (answer,) = post(data)
        report = Report.objects.get(pk=int(answer["service_request_id"]))
        assert report.place == today.province_unit == report.responsible_unit
        assert str(report.latitude) == "9.876500" and str(report.longitude) == "106.345600"
        assert "Tỉnh Vĩnh Long" in answer["service_notice"]
        assert report in reports_for_user(personas.province)
        assert report not in reports_for_user(personas.commune_a)
        (found,) = json.loads(Client().get(f"{URL}/{report.pk}.json").content)
        assert (found["lat"], found["long"]) == (9.8765, 106.3456)

    def test_an_address_string_alone_goes_to_the_province_with_the_address(
        self, today: Today, key: str
    ) -> None:
        data = valid(key, address_string="Cầu Ông Bảy, ấp Chợ")
        del data["address_id"]
        (answer,) = post(data)
        report = Report.objects.get(pk=int(answer["service_request_id"]))
        assert report.place == today.province_unit
        assert report.address == "Cầu Ông Bảy, ấp Chợ"

    def test_in_2023_it_uses_the_units_of_the_day(
        self, personas: Personas, clock: Clock, key: str
    ) -> None:
        clock.set(IN_2023)
        (answer,) = post(valid(key, address_id="2947901"))
        report = Report.objects.get(pk=int(answer["service_request_id"]))
        assert report.responsible_unit == personas.commune_a_unit
        assert report.deadline.isoformat() == "2023-06-15"
        refused(valid(key, address_id="2946101"))  # Xã Trà Cú does not exist yet

    def test_the_answers_to_the_questions_are_stored(self, today: Today, key: str) -> None:
        data = valid(key, service_code="moi-truong", **{"attribute[loai-o-nhiem]": "nuoc"})
        (answer,) = post(data)
        report = Report.objects.get(pk=int(answer["service_request_id"]))
        assert report.answers == {"loai-o-nhiem": "nuoc"}
        (answer,) = post(
            valid(key, service_code="thuy-loi", **{"attribute[dien-tich-anh-huong]": "2.5"})
        )
        assert Report.objects.get(pk=int(answer["service_request_id"])).answers == {
            "dien-tich-anh-huong": 2.5
        }

    def test_it_records_when_the_key_was_last_used(self, today: Today, key: str) -> None:
        assert Open311Client.objects.get().last_used_at is None
        post(valid(key))
        assert Open311Client.objects.get().last_used_at is not None


class KeyTests:
    def test_without_api_key_it_is_401(self, today: Today) -> None:
        assert "api_key" in refused(valid(""), expect=401)
        assert not Report.objects.exists()

    def test_the_key_may_come_in_the_query_string(self, today: Today, key: str) -> None:
        body = valid("")
        response = Client().post(
            f"/open311/v2/requests.json?api_key={key}&jurisdiction_id=",
            urlencode(body),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200, response.content
        assert Report.objects.count() == 1

    def test_an_unknown_key_is_401(self, today: Today, key: str) -> None:
        assert "api_key" in refused(valid(key + "x"), expect=401)
        assert not Report.objects.exists()

    def test_a_deactivated_key_is_401(self, today: Today, key: str) -> None:
        post(valid(key))
        Open311Client.objects.update(active=False)
        forget_keys()
        refused(valid(key), expect=401)
        assert Report.objects.count() == 1

    def test_the_command_prints_a_working_key(self, today: Today) -> None:
        out, err = StringIO(), StringIO()
        call_command(
            "open311_key_create",
            "Zalo mini app",
            "--contact",
            "0909 000 111",
            stdout=out,
            stderr=err,
        )
        raw = out.getvalue().strip()
        assert raw.startswith("o311_") and "Zalo mini app" in err.getvalue()
        client = Open311Client.objects.get(name="Zalo mini app")
        assert raw not in client.key_hash and client.prefix in raw
        post(valid(raw))


class RefusalTests:
    def test_an_unknown_or_group_service_code_is_400(self, today: Today, key: str) -> None:
        assert "khong-co" in refused(valid(key, service_code="khong-co"))
        refused(valid(key, service_code="ha-tang"))

    def test_the_description_is_required_and_at_most_5000_characters(
        self, today: Today, key: str
    ) -> None:
        assert "description" in refused(valid(key, description=""))
        assert "description" in refused(valid(key, description="a" * 100_000))
        assert "description" in refused(valid(key, description="a" * 5001))
        post(valid(key, description="a" * 5000))

    @pytest.mark.parametrize("char", ["\x00", "\x07", "\u202e"])
    def test_control_characters_are_refused_naming_the_field(
        self, today: Today, key: str, char: str
    ) -> None:
        assert "description" in refused(valid(key, description=f"Đường{char}hỏng"))
        assert "first_name" in refused(valid(key, first_name=f"Lê{char}"))
        assert "last_name" in refused(valid(key, last_name="Hoa\u200b"))  # no zero-width in names

    @pytest.mark.parametrize(
        ("lat", "long", "word"),
        [
            ("abc", LONG, "lat"),
            (LAT, "nan", "long"),
            (LAT, "", "lat và long"),  # messages are Vietnamese, as the site
            ("91", LONG, "lat, long"),
            ("21.0285", "105.8542", "Vĩnh Long"),  # Hà Nội
        ],
    )
    def test_a_bad_position_is_400(
        self, today: Today, key: str, lat: str, long: str, word: str
    ) -> None:
        data = valid(key, lat=lat, long=long)
        del data["address_id"]
        assert word in refused(data)

    def test_it_needs_to_know_where(self, today: Today, key: str) -> None:
        data = valid(key)
        del data["address_id"]
        assert "address_id" in refused(data)

    @pytest.mark.parametrize("code", ["29489x", "86", "2947901", "99999"])
    def test_an_address_id_not_a_commune_or_hamlet_of_today_is_400(
        self, today: Today, key: str, code: str
    ) -> None:
        assert "address_id" in refused(valid(key, address_id=code))

    def test_a_bad_phone_or_email_is_400(self, today: Today, key: str) -> None:
        assert "phone" in refused(valid(key, phone="12"))
        assert "email" in refused(valid(key, email="hoa@"))

    def test_the_questions_are_checked(self, today: Today, key: str) -> None:
        data = valid(key, service_code="moi-truong")
        assert "attribute[loai-o-nhiem]" in refused(data)
        assert "rac" in refused({**data, "attribute[loai-o-nhiem]": "lua"})
        assert "attribute[mau]" in refused(
            {**data, "attribute[loai-o-nhiem]": "rac", "attribute[mau]": "do"}
        )
        number = valid(key, service_code="thuy-loi", **{"attribute[dien-tich-anh-huong]": "inf"})
        assert "dien-tich-anh-huong" in refused(number)

    def test_an_inactive_category_takes_no_reports(self, today: Today, key: str) -> None:
        from smartrural.feedback.models import Category

        post(valid(key))
        Category.objects.filter(code="giao-thong").update(active=False)
        lookups.forget()  # the office's change reaches the API within lookups.SECONDS
        refused(valid(key))

    def test_every_refusal_is_also_in_xml(self, today: Today, key: str) -> None:
        root = post(valid(key, description=""), fmt="xml", expect=400)
        assert root.tag == "errors"
        assert root.findtext("error/code") == "400"
        assert "description" in (root.findtext("error/description") or "")


class AdminTests:
    def test_the_admin_creates_an_application_and_shows_its_key_once(
        self, today: Today, personas: Personas
    ) -> None:
        office = personas.province
        office.is_staff = office.is_superuser = True
        office.save()
        client = personas.client(office)
        response = client.post(
            "/admin/feedback/open311client/add/",
            {"name": "Cổng dịch vụ công tỉnh", "contact": "0270 3822 000", "active": "on"},
            follow=True,
        )
        assert response.status_code == 200
        app = Open311Client.objects.get(name="Cổng dịch vụ công tỉnh")
        assert app.created_by == office
        (shown,) = [str(m) for m in response.context["messages"] if "o311_" in str(m)]
        raw = shown[shown.index("o311_") :].strip()
        assert key_hash(raw) == app.key_hash  # its sha256: the key itself is not stored
        post(valid(raw))
        page = client.get(f"/admin/feedback/open311client/{app.pk}/change/").content.decode()
        assert raw not in page
