from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from smartrural.geo.services import unit_create
from smartrural.testing import Personas
from smartrural.transformation.digital_services.services import load_catalogue, offering_create
from smartrural.transformation.models import DigitalService, ServiceOffering

LIST = "/transformation/services/"
NEW = "/transformation/services/new/"
CATALOGUE = "/transformation/services/catalogue/"
PDF = b"%PDF-1.4\n%test\n"


def _client(p: Personas, user: Any) -> Client:
    client = p.client(user)
    client.cookies["django_language"] = "en"
    return client


def _text(response: Any) -> str:
    return response.content.decode()


def _offer(p: Personas, code: str = "29479", service: str = "telemedicine", **kwargs: Any) -> Any:
    return offering_create(
        unit_code=code,
        service=DigitalService.objects.get(code=service),
        since=kwargs.pop("since", dt.date(2023, 3, 1)),
        by=p.province,
        **kwargs,
    )


@pytest.fixture
def catalogue(personas: Personas) -> Personas:
    load_catalogue()
    return personas


class OfferingListPageTests:
    def test_it_shows_coverage_and_the_offerings_running_on_the_day(
        self, catalogue: Personas
    ) -> None:
        p = catalogue
        _offer(p)
        _offer(p, "849", "e-commerce")
        _offer(p, "29482", "online-learning", until=dt.date(2023, 6, 30))
        client = _client(p, p.district)
        page = _text(client.get(LIST, {"on": "31/12/2023"}))
        assert (
            "District level: 1 of 1 units in your scope offer at least one essential service on "
            "31/12/2023 (100.0%)." in page
        )
        assert "Commune level: 1 of 2 units" in page
        assert "2 offerings running on 31/12/2023." in page
        assert "<td>Khám, chữa bệnh từ xa</td>" in page
        assert "<td>Học tập trực tuyến</td>" not in page
        page = _text(client.get(LIST, {"on": "31/12/2023", "any_date": "on"}))
        assert "3 offerings, any date." in page and "<td>Học tập trực tuyến</td>" in page
        page = _text(client.get(LIST, {"on": "31/12/2023", "level": "district"}))
        assert "<td>Thương mại điện tử</td>" in page
        assert "<td>Khám, chữa bệnh từ xa</td>" not in page
        page = _text(client.get(LIST, {"on": "31/12/2023", "service": "telemedicine"}))
        assert "1 offering running on 31/12/2023." in page

    def test_today_is_the_default_day(self, catalogue: Personas) -> None:
        page = _text(_client(catalogue, catalogue.commune_a).get(LIST))
        # The Trà Vinh units ended on 30/06/2025: today there is none.
        assert "No district or commune in your units on" in page
        assert "No offering matches." in page

    def test_bad_filters_show_a_message_not_an_error(self, catalogue: Personas) -> None:
        response = _client(catalogue, catalogue.commune_a).get(
            LIST, {"on": "32/13/2023", "service": "nope", "level": "hamlet"}
        )
        assert response.status_code == 200
        page = _text(response)
        assert "Write the date as dd/mm/yyyy." in page
        assert "Select a valid choice." in page

    def test_its_queries_do_not_grow_with_the_rows(
        self, catalogue: Personas, django_assert_max_num_queries: Any
    ) -> None:
        p = catalogue
        for number in range(30):
            unit_create(
                code=f"2950{number:02d}", name=f"Xã {number}", kind="xa", level="commune",
                parent=p.district_unit, valid_to=dt.date(2025, 6, 30),
            )  # fmt: skip
            _offer(p, f"2950{number:02d}", evidence=SimpleUploadedFile("a.pdf", PDF))
        client = _client(p, p.district)
        with django_assert_max_num_queries(10):
            response = client.get(LIST, {"on": "31/12/2023"})
        page = _text(response)
        assert "30 offerings running on 31/12/2023." in page
        assert page.count(">Download<") == 25


class OfferingFormPageTests:
    def test_a_commune_officer_records_an_offering_with_evidence(self, catalogue: Personas) -> None:
        client = _client(catalogue, catalogue.commune_a)
        assert "Khám, chữa bệnh từ xa" in _text(client.get(NEW))
        evidence = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
        response = client.post(
            NEW,
            {
                "unit": "29479",
                "service": "telemedicine",
                "since": "01/03/2023",
                "until": "",
                "note": "Trạm y tế xã",
                "evidence": evidence,
            },
        )
        assert response.status_code == 302
        offering = ServiceOffering.objects.get()
        assert response["Location"] == f"/transformation/services/{offering.pk}/"
        page = _text(client.get(response["Location"]))
        assert "Xã Ngãi Xuyên offers “Khám, chữa bệnh từ xa”: saved." in page
        assert "ke-hoach" in page
        download = client.get(f"/transformation/services/{offering.pk}/evidence/")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
        assert (
            _client(catalogue, catalogue.commune_b)
            .get(f"/transformation/services/{offering.pk}/evidence/")
            .status_code
            == 404
        )

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"unit": "", "service": "", "since": ""}, "This field is required."),
            ({"since": "2023/03/01"}, "Write the date as dd/mm/yyyy."),
            ({"since": "01/01/2099"}, "is in the future"),
            ({"until": "01/01/2023"}, "The end date 01/01/2023 is before the start date"),
            ({"unit": "2947901"}, "is not a unit of the expected level here"),
            ({"unit": "29482"}, "No unit with code “29482” on 01/03/2023 among your units."),
            ({"service": "fishing"}, "Select a valid choice."),
            (
                {"evidence": SimpleUploadedFile("x.pdf", b"not a pdf")},
                "is not a PDF, JPEG, PNG, Word or Excel file",
            ),
        ],
    )
    def test_bad_input_is_shown_on_the_form(
        self, catalogue: Personas, changes: dict[str, Any], message: str
    ) -> None:
        data = {"unit": "29479", "service": "telemedicine", "since": "01/03/2023", **changes}
        response = _client(catalogue, catalogue.commune_a).post(NEW, data)
        assert response.status_code == 422
        assert message in _text(response)
        assert not ServiceOffering.objects.exists()

    def test_a_duplicate_open_offering_is_refused_with_a_clear_message(
        self, catalogue: Personas
    ) -> None:
        _offer(catalogue)
        response = _client(catalogue, catalogue.commune_a).post(
            NEW, {"unit": "29479", "service": "telemedicine", "since": "01/06/2023"}
        )
        assert response.status_code == 422
        assert (
            "Xã Ngãi Xuyên already offers “Khám, chữa bệnh từ xa” since 01/03/2023 with no end "
            "date" in _text(response)
        )

    def test_an_empty_catalogue_is_explained(self, personas: Personas) -> None:
        page = _text(_client(personas, personas.commune_a).get(NEW))
        assert "The catalogue has no service yet" in page

    def test_an_offering_is_edited_ended_and_has_a_history(self, catalogue: Personas) -> None:
        offering = _offer(catalogue, evidence=SimpleUploadedFile("a.pdf", PDF))
        client = _client(catalogue, catalogue.commune_a)
        url = f"/transformation/services/{offering.pk}/"
        form = _text(client.get(f"{url}edit/"))
        assert 'value="01/03/2023"' in form and "Remove the evidence file" in form
        response = client.post(
            f"{url}edit/",
            {
                "unit": "29479",
                "service": "telemedicine",
                "since": "01/02/2023",
                "note": "Kết nối bệnh viện huyện",
                "remove_evidence": "on",
                "version": "1",
            },
        )
        assert response.status_code == 302
        offering.refresh_from_db()
        assert (offering.since, offering.note, bool(offering.evidence)) == (
            dt.date(2023, 2, 1),
            "Kết nối bệnh viện huyện",
            False,
        )
        assert client.get(f"{url}evidence/").status_code == 404
        response = client.post(f"{url}end/", {"until": "01/01/2023", "version": "2"})
        assert response.status_code == 422
        assert "is before the start date 01/02/2023" in _text(response)
        response = client.post(f"{url}end/", {"until": "garbage", "version": "2"})
        assert response.status_code == 422
        response = client.post(f"{url}end/", {"until": "31/12/2023", "version": "2"})
        assert response.status_code == 302
        offering.refresh_from_db()
        assert offering.until == dt.date(2023, 12, 31)
        assert "The offering ends on 31/12/2023." in _text(client.get(url))
        assert "Kết nối bệnh viện huyện" in _text(client.get(f"{url}history/"))

    def test_readers_see_the_offering_but_cannot_change_it(self, catalogue: Personas) -> None:
        offering = _offer(catalogue)
        client = _client(catalogue, catalogue.viewer_a)
        url = f"/transformation/services/{offering.pk}/"
        page = _text(client.get(url))
        assert "Khám, chữa bệnh từ xa" in page and "End the offering" not in page
        assert client.post(f"{url}end/", {"until": "31/12/2023"}).status_code == 403
        assert client.get(NEW).status_code == 403


class CataloguePageTests:
    def test_every_official_reads_the_catalogue(self, catalogue: Personas) -> None:
        page = _text(_client(catalogue, catalogue.viewer_a).get(CATALOGUE))
        assert "Dịch vụ công trực tuyến" in page
        assert "Add a service" not in page and "Withdraw" not in page
        # Residents: the officials' area does not exist for them.
        assert _client(catalogue, catalogue.resident).get(CATALOGUE).status_code == 404

    def test_the_province_loads_the_standard_catalogue_when_empty(self, personas: Personas) -> None:
        client = _client(personas, personas.province)
        assert "Load the standard catalogue" in _text(client.get(CATALOGUE))
        response = client.post(f"{CATALOGUE}load/")
        assert response.status_code == 302
        page = _text(client.get(CATALOGUE))
        count = DigitalService.objects.count()
        assert f"The standard catalogue was loaded: {count} services." in page
        assert "Load the standard catalogue" not in page
        client.post(f"{CATALOGUE}load/")
        assert "The catalogue already has services" in _text(client.get(CATALOGUE))
        assert DigitalService.objects.count() == count

    def test_the_province_adds_edits_and_withdraws_a_service(self, catalogue: Personas) -> None:
        client = _client(catalogue, catalogue.province)
        data = {"code": "smart-parking", "name": "Bãi đỗ xe", "category": "society", "order": "5"}
        response = client.post(f"{CATALOGUE}new/", {**data, "code": "Bad Code"})
        assert response.status_code == 422
        assert "lower-case letters" in _text(response)
        assert client.post(f"{CATALOGUE}new/", data).status_code == 302
        service = DigitalService.objects.get(code="smart-parking")
        response = client.post(
            f"{CATALOGUE}{service.pk}/edit/",
            {"name": "Bãi đỗ xe thông minh", "category": "society", "order": "6", "version": "1"},
        )
        assert response.status_code == 302
        client.post(f"{CATALOGUE}{service.pk}/deactivate/")
        service.refresh_from_db()
        assert (service.name, service.active) == ("Bãi đỗ xe thông minh", False)
        page = _text(client.get(CATALOGUE))
        assert "was taken out of the catalogue" in page and "Restore" in page
        assert "Bãi đỗ xe thông minh" in _text(client.get(f"{CATALOGUE}{service.pk}/history/"))
        client.post(f"{CATALOGUE}{service.pk}/reactivate/")
        service.refresh_from_db()
        assert service.active

    def test_others_get_403_on_catalogue_writes(self, catalogue: Personas) -> None:
        service = DigitalService.objects.first()
        assert service is not None
        client = _client(catalogue, catalogue.district)
        assert client.get(f"{CATALOGUE}new/").status_code == 403
        assert client.post(f"{CATALOGUE}{service.pk}/deactivate/").status_code == 403
        assert client.post(f"{CATALOGUE}load/").status_code == 403
        assert (
            _client(catalogue, catalogue.province).get(f"{CATALOGUE}999999/edit/").status_code
            == 404
        )
