"""The digital service forms check the input the services take as given: the code's shape,
the pillar, the order's range, names and notes with runs of white space made one."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from smartrural.transformation.digital_services.forms import OfferingForm, ServiceForm
from smartrural.transformation.models import DigitalService

SERVICE = {"code": "smart-parking", "name": "Bãi đỗ xe", "category": "society", "order": "0"}


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


class ServiceFormTests:
    def test_the_code_is_lowered_and_the_name_made_one_line(self) -> None:
        form = ServiceForm(SERVICE | {"code": " Smart-Parking ", "name": " Bãi  đỗ xe "})
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["code"], form.cleaned_data["name"]) == (
            "smart-parking",
            "Bãi đỗ xe",
        )

    @pytest.mark.parametrize("order", ["0", "32767"])
    def test_the_order_limits_are_accepted(self, order: str) -> None:
        assert ServiceForm(SERVICE | {"order": order}).is_valid()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("code", "Dịch vụ"),
            ("code", "a--b"),
            ("code", "x" * 51),
            ("name", " "),
            ("category", "health"),
            ("order", "first"),
            ("order", "-1"),
            ("order", "32768"),
        ],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str) -> None:
        form = ServiceForm(SERVICE | {field: value})
        assert not form.is_valid()
        assert set(form.errors) == {field}

    def test_a_description_keeps_its_lines(self) -> None:
        form = ServiceForm(SERVICE | {"description": " Dòng 1\nDòng 2 "})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["description"] == "Dòng 1\nDòng 2"


class OfferingFormTests:
    def test_a_note_is_made_one_line_and_500_characters_at_most(self) -> None:
        services = [DigitalService(code="telemedicine", name="Khám bệnh từ xa")]
        data = {"unit": "29479", "service": "telemedicine", "since": "01/03/2023"}
        form = OfferingForm(data | {"note": " Mã  QR\n tại UBND "}, services=services)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["note"] == "Mã QR tại UBND"
        assert OfferingForm(data | {"note": "x" * 500}, services=services).is_valid()
        refused = OfferingForm(data | {"note": "x" * 501}, services=services)
        assert not refused.is_valid()
        assert set(refused.errors) == {"note"}
