"""Excel templates: download pre-filled, fill in with openpyxl, upload back, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from smartrural.criteria.excel import FIRST_ROW
from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.criteria.services import ValueRow, data_value_set_import
from smartrural.testing import Personas

from .factories import stored_set

pytestmark = pytest.mark.django_db

BASE = "/criteria/T-XA/2023"


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def download(client: Client, unit: str) -> Workbook:
    response = client.get(f"{BASE}/{unit}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def fill(wb: Workbook, sheet: str, values: dict[str, Any]) -> None:
    ws = wb[sheet]
    for row in range(FIRST_ROW, ws.max_row + 1):
        code = ws[f"A{row}"].value
        if code in values:
            ws[f"F{row}"] = values[code]


def send(client: Client, unit: str, wb: Workbook) -> Any:
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("filled.xlsx", out.getvalue())
    return client.post(f"{BASE}/{unit}/upload/", {"file": upload})


def stored() -> dict[tuple[str, str], str]:
    return {
        (v.unit.code, v.indicator_code): v.value
        for v in IndicatorValue.objects.select_related("unit")
    }


class TemplateTests:
    def test_commune_template_has_one_sheet_with_header_and_rows(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        wb = download(en(personas.client(personas.commune_a)), "29479")
        assert wb.sheetnames == ["29479"]
        ws = wb["29479"]
        assert (ws["B2"].value, ws["B3"].value, ws["B4"].value) == ("T-XA", 2023, "29479")
        codes = [ws[f"A{r}"].value for r in range(FIRST_ROW, ws.max_row + 1)]
        assert codes == ["3.1", "3.2", "7.1", "10.1", "13.1", "13.2", "13.3"]
        assert ws.protection.sheet and ws["B4"].protection.locked
        assert not ws[f"F{FIRST_ROW}"].protection.locked
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
        assert '"Đạt,Không đạt"' in lists

    def test_district_template_has_a_sheet_per_commune(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        wb = download(personas.client(personas.district), "849")
        assert wb.sheetnames == ["29479", "29482"]

    def test_template_is_prefilled_with_stored_values(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        client.post(f"{BASE}/29479/", {"value_3.2": "dat", "version_3.2": "0", "action": "save"})
        ws = download(client, "29479")["29479"]
        assert ws[f"F{FIRST_ROW + 1}"].value == "Đạt"


class UploadTests:
    def test_round_trip_stores_the_values(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        wb = download(client, "29479")
        fill(wb, "29479", {"3.1": 79.9, "3.2": "Đạt", "10.1": 60})
        response = send(client, "29479", wb)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert stored() == {
            ("29479", "3.1"): "79.9",
            ("29479", "3.2"): "true",
            ("29479", "10.1"): "60",
        }

    def test_district_round_trip_for_two_communes(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.district)
        wb = download(client, "849")
        fill(wb, "29479", {"3.1": "85,2"})
        fill(wb, "29482", {"3.1": 81})
        assert send(client, "849", wb).status_code == 302
        assert stored() == {("29479", "3.1"): "85.2", ("29482", "3.1"): "81"}

    def test_broken_upload_reports_every_cell_and_writes_nothing(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.district))
        wb = download(client, "849")
        fill(wb, "29479", {"3.1": "85"})  # a good value: must not be written either
        fill(wb, "29482", {"3.1": "lots", "3.2": "maybe"})
        ws = wb["29482"]
        ws[f"A{ws.max_row + 1}"] = "99.9"
        ws[f"F{ws.max_row}"] = "1"
        before = IndicatorValue.objects.count()
        response = send(client, "849", wb)
        text = response.content.decode()
        assert response.status_code == 422
        assert IndicatorValue.objects.count() == before == 0
        assert "3 problems found: nothing was saved." in text
        assert "<td>29482</td><td>8</td><td>F</td>" in text  # 3.1: not a percentage
        assert "is not a percentage" in text
        assert "<td>29482</td><td>9</td><td>F</td>" in text  # 3.2: not pass/fail
        assert "There is no indicator “99.9” to enter in this set." in text

    def test_a_unit_outside_the_uploaders_scope_is_an_error(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        wb = download(client, "29479")
        fill(wb, "29479", {"3.1": "85"})
        wb["29479"]["B4"] = "29482"  # Kim Sơn: another commune
        response = send(client, "29479", wb)
        assert response.status_code == 422
        assert "<td>29479</td><td>4</td><td>B</td>" in response.content.decode()
        assert IndicatorValue.objects.count() == 0

    def test_a_locked_value_may_come_back_unchanged_but_not_changed(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        client.post(f"{BASE}/29479/", {"value_3.1": "85", "version_3.1": "0", "action": "save"})
        IndicatorValue.objects.update(status=ValueStatus.LOCKED)
        wb = download(client, "29479")
        fill(wb, "29479", {"3.2": "Đạt"})
        assert send(client, "29479", wb).status_code == 302
        fill(wb, "29479", {"3.1": "90", "3.2": "Không đạt"})
        response = send(client, "29479", wb)
        assert response.status_code == 422
        assert "is locked" in response.content.decode()
        assert stored()[("29479", "3.2")] == "true"

    def test_not_a_workbook_is_refused(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        client = en(personas.client(personas.commune_a))
        upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
        response = client.post(f"{BASE}/29479/upload/", {"file": upload})
        assert response.status_code == 422
        assert "not an Excel workbook" in response.content.decode()

    def test_viewer_cannot_upload(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        wb = download(personas.client(personas.viewer_a), "29479")
        fill(wb, "29479", {"3.1": "85"})
        assert send(personas.client(personas.viewer_a), "29479", wb).status_code == 403
        assert IndicatorValue.objects.count() == 0


def _enter(personas: Personas, values: dict[str, str]) -> None:
    """Another officer's save (through the service, as the entry page does)."""
    data_value_set_import(
        criteria_set=CriteriaSet.objects.get(code="T-XA"),
        year=2023,
        unit=personas.commune_a_unit,
        rows=[ValueRow(code, value) for code, value in values.items()],
        by=personas.district,
    )


class TemplateVersionTests:
    """A template is a form: it carries the version of each value it was made from."""

    def test_rows_sent_back_as_made_are_not_written_over_a_newer_value(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        _enter(personas, {"3.1": "85", "10.1": "50"})
        client = en(personas.client(personas.commune_a))
        wb = download(client, "29479")  # 3.1 = 85, 10.1 = 50 when made
        _enter(personas, {"3.1": "90"})  # changed by the district meanwhile
        fill(wb, "29479", {"10.1": 60})  # the officer changes only 10.1
        response = send(client, "29479", wb)
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert stored() == {("29479", "3.1"): "90", ("29479", "10.1"): "60"}
        value = IndicatorValue.objects.get(indicator_code="10.1")
        assert value.version == 2  # made at 1, bumped by exactly one

    def test_a_row_changed_on_a_value_changed_meanwhile_is_a_conflict(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        _enter(personas, {"3.1": "85"})
        client = en(personas.client(personas.commune_a))
        wb = download(client, "29479")
        _enter(personas, {"3.1": "90"})
        fill(wb, "29479", {"3.1": 70, "10.1": 60})
        response = send(client, "29479", wb)
        text = response.content.decode()
        assert response.status_code == 422
        assert "Indicator 3.1 changed since you read it" in text
        assert "“90” is stored now" in text and "you sent “70”" in text
        assert stored() == {("29479", "3.1"): "90"}  # nothing else written either

    def test_a_template_made_before_versions_is_still_read(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        wb = download(client, "29479")
        wb["29479"].delete_cols(8, 3)  # no version columns: written as before
        fill(wb, "29479", {"3.1": 85})
        assert send(client, "29479", wb).status_code == 302
        assert stored() == {("29479", "3.1"): "85"}
