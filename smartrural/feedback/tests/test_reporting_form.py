"""The public report form: today's places, a report filed with its code shown once, and every
bad input answered with 422, a specific message and nothing stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from smartrural.feedback import tracking
from smartrural.feedback.models import Report, ReportPhoto
from smartrural.geo.services import unit_create
from smartrural.testing import IN_2023, TODAY, Personas, clock_at

from .factories import REORGANISED, category, today_units
from .reporting_helpers import GPS_IFD, form_data, upload

pytestmark = pytest.mark.django_db
URL = "/feedback/new/"


def places(page: str) -> str:
    return page.split('name="place"')[1].split("</select>")[0]


def post(client: Client, data: dict[str, Any], *, on: Any = TODAY) -> Any:
    with clock_at(on):
        return client.post(URL, data)


class ReportFormPageTests:
    def test_it_offers_todays_communes_and_hamlets_grouped_by_commune(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        with clock_at(TODAY):
            page = Client().get(URL).content.decode()
        assert f'<optgroup label="{today.commune_a_unit.name}">' in page
        assert f'value="{today.hamlet_a_unit.pk}"' in places(page)
        assert f'value="{personas.hamlet_a_unit.pk}"' not in places(page)  # ended 30/06/2025
        assert '<optgroup label="Hạ tầng">' in page  # categories grouped, leaves only
        categories = page.split('name="category"')[1].split("</select>")[0]
        assert f'value="{category("ha-tang").pk}"' not in categories
        assert f'value="{category("giao-thong").pk}"' in categories

    def test_forty_communes_of_ten_hamlets_take_five_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        today = today_units(personas)
        for c in range(40):
            commune = unit_create(
                code=f"39{c:03d}",
                name=f"Xã Thử {c}",
                kind="xa",
                level="commune",
                parent=today.province_unit,
                valid_from=REORGANISED,
            )
            for h in range(10):
                unit_create(
                    code=f"39{c:03d}{h:02d}",
                    name=f"Ấp {h}",
                    kind="ap",
                    level="hamlet",
                    parent=commune,
                    valid_from=REORGANISED,
                    is_demo=True,
                )
        client = Client()
        with clock_at(TODAY):
            client.get(URL)
            with django_assert_max_num_queries(5):
                page = client.get(URL).content.decode()
        assert places(page).count("<optgroup") == 42

    def test_in_2023_it_offers_the_units_of_then(self, personas: Personas) -> None:
        with clock_at(IN_2023):
            page = Client().get(URL).content.decode()
        assert f'value="{personas.hamlet_a_unit.pk}"' in places(page)

    def test_a_logged_in_residents_contact_is_filled_in_and_the_report_is_theirs(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        client = personas.client(personas.resident)
        with clock_at(TODAY):
            page = client.get(URL).content.decode()
        assert personas.resident.email in page
        response = post(client, form_data(today.hamlet_a_unit))
        assert response.status_code == 302
        assert Report.objects.get().reporter == personas.resident


class FilingTests:
    def test_a_report_is_stored_and_its_code_shown_once(self, personas: Personas) -> None:
        today = today_units(personas)
        client = Client()
        response = post(client, form_data(today.hamlet_a_unit, photos=[upload()]))
        assert response.status_code == 302 and response["Location"] == "/feedback/new/done/"
        assert "code" not in response["Location"].lower()
        report = Report.objects.get()
        assert report.place == today.hamlet_a_unit
        assert report.responsible_unit == today.commune_a_unit
        assert report.reporter_phone == "0912345678"
        assert report.client_hash and report.phone_hash
        with clock_at(TODAY):  # the session (8 hours) is as old as the clock says
            page = client.get("/feedback/new/done/").content.decode()
            again = client.get("/feedback/new/done/").content.decode()
        shown = page.split('class="tracking-code"><strong>')[1].split("<")[0]
        assert report.tracking_hash == tracking.code_hash(tracking.normalise(shown) or "")
        assert "(working days)" in page or "ngày làm việc" in page
        assert report.deadline.strftime("%d/%m/%Y") in page
        assert shown not in again

    def test_the_stored_photo_has_no_exif_gps(self, personas: Personas) -> None:
        today = today_units(personas)
        post(Client(), form_data(today.hamlet_a_unit, photos=[upload()]))
        stored = ReportPhoto.objects.get()
        with stored.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
            exif = image.getexif()
            assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
            assert 0x0110 not in exif

    def test_a_position_inside_the_province_is_kept(self, personas: Personas) -> None:
        today = today_units(personas)
        post(Client(), form_data(today.hamlet_a_unit, latitude="9.880000", longitude="106.250000"))
        report = Report.objects.get()
        assert (str(report.latitude), str(report.longitude)) == ("9.880000", "106.250000")

    def test_exactly_five_photos_and_the_longest_description_are_accepted(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        data = form_data(
            today.hamlet_a_unit, description="a" * 5000, photos=[upload() for _ in range(5)]
        )
        assert post(Client(), data).status_code == 302
        assert ReportPhoto.objects.count() == 5

    def test_a_filled_honeypot_looks_like_success_and_stores_nothing(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        client = Client()
        response = post(client, form_data(today.hamlet_a_unit, website="http://spam.example"))
        assert response.status_code == 302
        assert Report.objects.count() == 0
        with clock_at(TODAY):
            assert 'class="tracking-code"' in client.get("/feedback/new/done/").content.decode()

    def test_in_2023_a_report_goes_to_the_commune_of_then(self, personas: Personas) -> None:
        assert post(Client(), form_data(personas.hamlet_a_unit), on=IN_2023).status_code == 302
        assert Report.objects.get().responsible_unit == personas.commune_a_unit


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _bad(name: str, personas: Personas) -> tuple[dict[str, Any], str]:
    today = today_units(personas)
    place = today.hamlet_a_unit
    cases: dict[str, tuple[dict[str, Any], str]] = {
        "pdf": (
            form_data(place, photos=[upload(PDF, "road.jpg")]),
            "“road.jpg” không phải là ảnh (JPEG, PNG hoặc WebP)",
        ),
        "six photos": (
            form_data(place, photos=[upload() for _ in range(6)]),
            "Tối đa 5 ảnh cho một phản ánh; bạn đã chọn 6",
        ),
        "long": (form_data(place, description="a" * 100_000), "100000 ký tự, tối đa 5000"),
        "one over": (form_data(place, description="a" * 5001), "5001 ký tự, tối đa 5000"),
        "control": (form_data(place, description="Đường\x07 hỏng"), "U+0007"),
        "category": (
            form_data(place, category="999999"),
            "Lĩnh vực này không tồn tại hoặc không còn nhận phản ánh",
        ),
        "group": (form_data(place, category=str(category("ha-tang").pk)), "không tồn tại"),
        "old unit": (
            form_data(personas.hamlet_a_unit),
            "Ấp Chợ không còn là đơn vị hành chính vào ngày 02/12/2026",
        ),
        "outside": (
            form_data(place, latitude="10.762622", longitude="106.660172"),
            "Vị trí 10.76262, 106.66017 nằm ngoài Tỉnh Vĩnh Long",
        ),
        "half position": (form_data(place, latitude="9.9"), "Vị trí cần có cả vĩ độ và kinh độ"),
        "phone": (
            form_data(place, phone="0212345678"),
            "“0212345678” không phải là số điện thoại di động Việt Nam",
        ),
        "email": (form_data(place, email="an@"), "Nhập địa chỉ email"),
    }
    return cases[name]


@pytest.mark.parametrize(
    "case",
    [
        "pdf",
        "six photos",
        "long",
        "one over",
        "control",
        "category",
        "group",
        "old unit",
        "outside",
        "half position",
        "phone",
        "email",
    ],
)
def test_bad_input_is_refused_with_422_and_nothing_is_stored(personas: Personas, case: str) -> None:
    data, message = _bad(case, personas)
    response = post(Client(HTTP_ACCEPT_LANGUAGE="vi"), data)
    assert response.status_code == 422
    errors = [part.split("</")[0] for part in response.content.decode().split("errorlist")[1:]]
    assert any(message in e for e in errors), errors
    assert Report.objects.count() == 0 and ReportPhoto.objects.count() == 0
