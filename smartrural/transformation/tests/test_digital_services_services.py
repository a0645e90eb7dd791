from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.tests import bombs
from smartrural.testing import Personas
from smartrural.transformation.digital_services.services import (
    catalogue_load_standard,
    load_catalogue,
    offering_create,
    offering_end,
    offering_update,
    read_catalogue,
    service_create,
    service_set_active,
    service_update,
)
from smartrural.transformation.models import DigitalService, ServiceOffering

PDF = b"%PDF-1.4\n%test\n"
MARCH = dt.date(2023, 3, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(db: None) -> dict[str, DigitalService]:
    load_catalogue()
    return {s.code: s for s in DigitalService.objects.all()}


def _pdf(name: str = "quyet-dinh.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _offer(p: Personas, service: DigitalService, **kwargs: object) -> ServiceOffering:
    fields: dict[str, object] = {
        "unit_code": "29479",
        "service": service,
        "since": MARCH,
        "by": p.commune_a,
    }
    fields.update(kwargs)
    return offering_create(**fields)  # type: ignore[arg-type]


class CatalogueTests:
    def test_the_standard_catalogue_is_loaded_once(self, db: None) -> None:
        shipped = read_catalogue()
        assert load_catalogue() == len(shipped) >= 9
        assert load_catalogue() == 0
        assert DigitalService.objects.count() == len(shipped)
        codes = set(DigitalService.objects.values_list("code", flat=True))
        for code in (
            "online-public-services",
            "cashless-payment",
            "telemedicine",
            "online-learning",
            "e-commerce",
            "digital-agricultural-advisory",
            "digital-addresses-maps",
            "smart-loudspeakers",
            "online-feedback",
        ):
            assert code in codes
        assert DigitalService.objects.get(code="telemedicine").name == "Khám, chữa bệnh từ xa"
        assert set(DigitalService.objects.values_list("category", flat=True)) == {
            "government",
            "economy",
            "society",
        }

    def test_reloading_keeps_the_province_edits(self, personas: Personas) -> None:
        load_catalogue()
        service = DigitalService.objects.get(code="telemedicine")
        service_update(
            service=service, name="Khám bệnh từ xa", category="society", order=1,
            by=personas.province,
        )  # fmt: skip
        service.delete()
        assert load_catalogue() == 1  # the deleted one comes back, the others are left alone
        assert DigitalService.objects.get(code="telemedicine").name == "Khám, chữa bệnh từ xa"

    def test_the_province_loads_an_empty_catalogue_only(self, personas: Personas) -> None:
        with pytest.raises(PermissionDenied):
            catalogue_load_standard(by=personas.district)
        added = catalogue_load_standard(by=personas.province)
        assert added == DigitalService.objects.count()
        assert DigitalService.history.filter(history_user=personas.province).count() == added
        with pytest.raises(Conflict):
            catalogue_load_standard(by=personas.province)

    def test_the_province_adds_edits_and_withdraws_services(self, personas: Personas) -> None:
        service = service_create(
            code="smart-parking", name="Bãi đỗ xe thông minh", category="society", order=5,
            by=personas.province,
        )  # fmt: skip
        assert (service.name, service.order) == ("Bãi đỗ xe thông minh", 5)
        service_update(
            service=service, name="Bãi đỗ xe thông minh", category="economy", description="x",
            order=6, by=personas.province,
        )  # fmt: skip
        service_set_active(service=service, active=False, by=personas.province)
        service.refresh_from_db()
        assert (service.category, service.active) == ("economy", False)
        assert [h.history_type for h in service.history.order_by("history_id")] == ["+", "~", "~"]

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"code": "telemedicine"}, "code", "already has a service with code “telemedicine”"),
        ],
    )
    def test_it_refuses_bad_entries(
        self,
        personas: Personas,
        catalogue: dict[str, DigitalService],
        changes: dict[str, object],
        field: str,
        message: str,
    ) -> None:
        fields: dict[str, object] = {
            "code": "smart-parking",
            "name": "Bãi đỗ xe thông minh",
            "category": "society",
            "order": 0,
            "by": personas.province,
        }
        fields.update(changes)
        with pytest.raises(ValidationFailed) as exc:
            service_create(**fields)  # type: ignore[arg-type]
        assert exc.value.field == field
        assert message in exc.value.message

    def test_only_the_province_office_changes_the_catalogue(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        for user in (personas.district, personas.commune_a, personas.viewer_a):
            with pytest.raises(PermissionDenied):
                service_create(code="x", name="x", category="society", by=user)
            with pytest.raises(PermissionDenied):
                service_set_active(service=service, active=False, by=user)


class OfferingCreateTests:
    def test_a_commune_records_an_offering_with_evidence_and_history(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        offering = _offer(personas, catalogue["cashless-payment"], note="Mã QR", evidence=_pdf())
        assert offering.unit == personas.commune_a_unit
        assert (offering.until, offering.note) == (None, "Mã QR")
        assert offering.evidence_content_type == "application/pdf"
        assert offering.evidence.read() == PDF
        assert offering.entered_by == personas.commune_a
        assert offering.history.get().history_user == personas.commune_a

    def test_a_district_offers_too_but_not_a_hamlet_or_the_province(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        assert _offer(personas, service, unit_code="849", by=personas.district).unit.level == (
            "district"
        )
        for code in ("2947901", "84"):
            with pytest.raises(ValidationFailed) as exc:
                _offer(personas, service, unit_code=code, by=personas.province)
            assert exc.value.field == "unit"
            assert "is not a unit of the expected level here" in exc.value.message

    def test_the_unit_is_looked_up_on_the_start_date_and_in_scope(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, service, since=dt.date(2025, 7, 1))
        assert "Code 29479 names no unit on 01/07/2025" in exc.value.message
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, service, by=personas.commune_b)
        assert exc.value.field == "unit"
        with pytest.raises(PermissionDenied):
            _offer(personas, service, by=personas.viewer_a)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"since": dt.date(2099, 1, 1)}, "since", "is in the future"),
            ({"until": dt.date(2023, 2, 28)}, "until", "before the start date 01/03/2023"),
            ({"evidence": _pdf("a.pdf", b"hello")}, "evidence", "is not a PDF"),
            ({"evidence": _pdf("a.docx")}, "evidence", "name it with .pdf"),
            ({"evidence": _pdf("a.pdf", b"")}, "evidence", "The file is empty."),
        ],
    )
    def test_it_refuses_bad_input(
        self,
        personas: Personas,
        catalogue: dict[str, DigitalService],
        changes: dict[str, object],
        field: str,
        message: str,
    ) -> None:
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, catalogue["telemedicine"], **changes)
        assert exc.value.field == field
        assert message in exc.value.message
        assert not ServiceOffering.objects.exists()

    def test_a_withdrawn_service_is_not_offered(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        service_set_active(service=service, active=False, by=personas.province)
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, service)
        assert (exc.value.field, exc.value.message) == (
            "service",
            "“Khám, chữa bệnh từ xa” is no longer in the catalogue.",
        )

    def test_no_second_open_offering_of_the_same_service(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        _offer(personas, service)
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, service, since=dt.date(2023, 6, 1), by=personas.district)
        assert exc.value.message == (
            "Xã Ngãi Xuyên already offers “Khám, chữa bệnh từ xa” since 01/03/2023 with no end "
            "date: edit that offering, or end it first."
        )
        # Another unit, or another service, is fine.
        _offer(personas, service, unit_code="29482", by=personas.district)
        _offer(personas, catalogue["online-learning"])

    def test_periods_of_the_same_service_do_not_overlap(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        _offer(personas, service, since=dt.date(2022, 1, 1), until=dt.date(2022, 12, 31))
        with pytest.raises(ValidationFailed) as exc:
            _offer(personas, service, since=dt.date(2022, 12, 31))
        assert "from 01/01/2022 to 31/12/2022: the periods overlap" in exc.value.message
        with pytest.raises(ValidationFailed):
            _offer(personas, service, since=dt.date(2021, 6, 1), until=dt.date(2022, 1, 1))
        _offer(personas, service, since=dt.date(2023, 1, 1))  # after the first one: fine
        _offer(personas, service, since=dt.date(2021, 1, 1), until=dt.date(2021, 12, 31))
        assert ServiceOffering.objects.count() == 3


class OfferingChangeTests:
    def test_an_offering_is_corrected_and_its_evidence_replaced_or_removed(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        offering = _offer(personas, catalogue["telemedicine"], evidence=_pdf())
        png = SimpleUploadedFile("anh.png", bombs.png(), content_type="image/png")
        offering_update(
            offering=offering, unit_code="29479", service=catalogue["online-learning"],
            since=dt.date(2023, 2, 1), until=None, note="Trường tiểu học", evidence=png,
            by=personas.district,
        )  # fmt: skip
        offering.refresh_from_db()
        assert offering.service.code == "online-learning"
        assert offering.evidence_content_type == "image/png"
        offering_update(
            offering=offering, unit_code="29479", service=offering.service,
            since=offering.since, remove_evidence=True, by=personas.district,
        )  # fmt: skip
        offering.refresh_from_db()
        assert not offering.evidence
        assert offering.history.count() == 3

    def test_an_offering_of_a_withdrawn_service_stays_editable(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        offering = _offer(personas, service)
        service_set_active(service=service, active=False, by=personas.province)
        offering_update(
            offering=offering, unit_code="29479", service=service, since=MARCH, note="x",
            by=personas.commune_a,
        )  # fmt: skip
        assert offering.note == "x"

    def test_an_edit_cannot_create_an_overlap(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        service = catalogue["telemedicine"]
        _offer(personas, service, since=dt.date(2023, 6, 1))
        earlier = _offer(personas, service, since=dt.date(2022, 1, 1), until=dt.date(2022, 6, 1))
        with pytest.raises(ValidationFailed):
            offering_update(
                offering=earlier, unit_code="29479", service=service,
                since=dt.date(2022, 1, 1), until=None, by=personas.commune_a,
            )  # fmt: skip

    def test_an_offering_ends(
        self, personas: Personas, catalogue: dict[str, DigitalService]
    ) -> None:
        offering = _offer(personas, catalogue["telemedicine"])
        with pytest.raises(ValidationFailed) as exc:
            offering_end(offering=offering, until=dt.date(2023, 1, 1), by=personas.commune_a)
        assert exc.value.field == "until"
        with pytest.raises(ValidationFailed) as exc:
            offering_end(
                offering=offering, until=today() + dt.timedelta(days=1), by=personas.commune_a
            )
        assert "in the future" in exc.value.message
        with pytest.raises(PermissionDenied):
            offering_end(offering=offering, until=dt.date(2024, 1, 1), by=personas.viewer_a)
        offering_end(offering=offering, until=dt.date(2024, 1, 1), by=personas.commune_a)
        offering.refresh_from_db()
        assert offering.until == dt.date(2024, 1, 1)
        # Once ended, the unit may offer the service again later.
        _offer(personas, catalogue["telemedicine"], since=dt.date(2024, 3, 1))
