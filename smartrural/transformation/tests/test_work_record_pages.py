"""The work records pages: a unit's year with monthly entry, the upload of an e-office export,
the targets, and the demo figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from smartrural.core.platform_work import platform_work_counters
from smartrural.testing import IN_2023, TODAY, Clock, Personas
from smartrural.transformation.models import Target, WorkRecordStat
from smartrural.transformation.tests.test_platform_counts import _dossier, utc
from smartrural.transformation.work_records.services import work_record_submit
from smartrural.transformation.work_records.targets import load_targets
from smartrural.transformation.work_records.upload import column_of, month_text

PAGE = "/transformation/work-records/"
UPLOAD = "/transformation/work-records/upload/"
TEMPLATE = "/transformation/work-records/template.xlsx"
TARGETS = "/transformation/targets/"
SET_TARGET = "/transformation/targets/set/"
MAY = dt.date(2023, 5, 1)


def english(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies["django_language"] = "en"
    return client


def text(response: Any) -> str:
    return response.content.decode()


def page(unit: str = "29479", year: int = 2023) -> str:
    return f"{PAGE}?unit={unit}&year={year}"


def submit(p: Personas, unit: Any, month: dt.date, total: int, online: int, **kw: Any) -> Any:
    return work_record_submit(
        unit=unit, month=month, total=total, online=online, by=p.province, **kw
    )


@pytest.mark.django_db
class WorkRecordPageTests:
    def test_anonymous_is_sent_to_log_in(self, personas: Personas) -> None:
        response = Client().get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize(
        ("persona", "code"),
        [("province", "84"), ("district", "849"), ("commune_a", "29479"), ("viewer_a", "29479")],
    )
    def test_it_opens_on_the_users_own_unit(
        self, personas: Personas, persona: str, code: str
    ) -> None:
        submit(personas, personas.commune_a_unit, MAY, 100, 40)
        response = english(personas, getattr(personas, persona)).get(PAGE)
        assert response.status_code == 200
        assert response.context["unit"].code == code
        assert response.context["year"] == 2023  # the year of the latest figures

    def test_without_figures_it_opens_on_the_current_year(
        self, personas: Personas, clock: Clock
    ) -> None:
        # The reference-date rule: no figures in the reader's scope → the current year, which
        # says that Trà Vinh's units (ended 30/06/2025) no longer exist.
        clock.set(TODAY)
        response = english(personas, personas.commune_a).get(PAGE)
        assert response.context["year"] == 2026
        assert "None of your units existed on 01/07/2026" in text(response)
        clock.set(IN_2023)
        response = english(personas, personas.commune_a).get(PAGE)
        assert response.context["year"] == 2023
        assert response.context["unit"].code == "29479"

    def test_a_year_without_the_users_units_shows_an_empty_state(self, personas: Personas) -> None:
        response = english(personas, personas.commune_a).get(f"{PAGE}?year=2026")
        assert response.status_code == 200
        assert "None of your units existed on 01/07/2026" in text(response)

    def test_a_unit_outside_the_scope_or_unknown_is_not_found(self, personas: Personas) -> None:
        client = english(personas, personas.commune_b)
        assert client.get(page("29479")).status_code == 404
        assert client.get(page("99999")).status_code == 404
        assert english(personas, personas.other_district).get(page("849")).status_code == 404

    def test_a_bad_year_falls_back_to_the_default(self, personas: Personas) -> None:
        response = english(personas, personas.commune_a).get(f"{PAGE}?year=abc")
        assert response.status_code == 200

    def test_the_twelve_months_show_figures_source_author_and_platform_count(
        self, personas: Personas
    ) -> None:
        p = personas
        load_targets()
        submit(p, p.commune_a_unit, MAY, 100, 40)
        submit(p, p.commune_a_unit, dt.date(2023, 6, 1), 50, 5, source="imported")
        _dossier(p.commune_a_unit, [("registered", utc(2023, 5, 31, 18))])  # June, local
        response = english(p, p.commune_a).get(page())
        data = response.context["data"]
        assert [m.month.month for m in data.months] == list(range(1, 13))
        may, june = data.months[4], data.months[5]
        assert (may.total, may.online, may.percent) == (100, 40, Decimal("40.00"))
        assert (june.platform, may.platform) == (1, 0)
        body = text(response)
        assert "40.00%" in body and "10.00%" in body
        assert "Entered" in body and "Imported" in body
        assert p.province.display_name in body
        # The year: 45 of 150 online = 30% against the commune target of 20%.
        assert (data.kpi.numerator, data.kpi.denominator) == (45, 150)
        assert data.kpi.target == Decimal(20)
        assert data.kpi.met is True
        assert "Target ≥&nbsp;20%" in body and "badge-ok" in body
        assert data.platform == 1

    def test_the_year_below_its_target_is_marked_not_met(self, personas: Personas) -> None:
        p = personas
        load_targets()
        submit(p, p.district_unit, MAY, 100, 10)
        response = english(p, p.district).get(page("849"))
        assert response.context["data"].kpi.met is False
        assert "not met" in text(response)

    def test_a_district_lists_its_communes_with_their_year(self, personas: Personas) -> None:
        p = personas
        load_targets()
        submit(p, p.commune_a_unit, MAY, 100, 40)
        submit(p, p.commune_a_unit, dt.date(2023, 6, 1), 100, 10)
        submit(p, p.commune_b_unit, MAY, 50, 5)
        submit(p, p.other_commune_unit, MAY, 50, 50)  # Càng Long: not a child of Trà Cú
        _dossier(
            p.commune_b_unit,
            [("registered", utc(2023, 3, 1, 3)), ("inspected", utc(2023, 4, 1, 3))],
        )
        response = english(p, p.district).get(page("849"))
        children = {c.unit.code: c for c in response.context["data"].children}
        assert set(children) == {"29479", "29482"}
        a, b = children["29479"].kpi, children["29482"].kpi
        assert (a.numerator, a.denominator, a.value, a.met) == (50, 200, Decimal("25.00"), True)
        assert (b.numerator, b.denominator, b.value, b.met) == (5, 50, Decimal("10.00"), False)
        assert children["29482"].platform == 1
        assert response.context["data"].platform == 1  # Trà Cú inspected the dossier
        assert 'href="?unit=29482&amp;year=2023"' in text(response)

    def test_the_province_page_reads_a_bounded_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        p = personas
        load_targets()
        for month in range(1, 13):
            day = dt.date(2023, month, 1)
            for unit in (p.province_unit, p.district_unit, p.other_district_unit):
                submit(p, unit, day, 100, month)
                submit(p, unit, day, 10, 1, source="imported")
        for unit in (p.commune_a_unit, p.commune_b_unit):
            _dossier(
                unit,
                [
                    ("registered", utc(2023, 3, 1, 3)),
                    ("inspected", utc(2023, 4, 1, 3)),
                    ("appraised", utc(2023, 5, 1, 3)),
                ],
            )
        client = english(p, p.province)
        client.get(page("84"))
        # 10, and one per source of platform work registered by the apps above
        with django_assert_max_num_queries(10 + len(platform_work_counters())):
            response = client.get(page("84"))
        assert len(response.context["data"].children) == 2
        assert response.context["data"].months[4].platform == 2

    def test_the_children_are_paginated(self, personas: Personas) -> None:
        from smartrural.geo.services import unit_create

        p = personas
        for i in range(30):
            unit_create(
                code=f"2999{i:02d}",
                name=f"Xã Thử {i}",
                kind="xa",
                level="commune",
                parent=p.district_unit,
                valid_to=dt.date(2025, 6, 30),
            )
        first = english(p, p.district).get(page("849"))
        assert len(first.context["children_page"].object_list) == 25
        second = english(p, p.district).get(page("849") + "&page=2")
        assert len(second.context["children_page"].object_list) == 7


@pytest.mark.django_db
class WorkRecordEntryTests:
    def post(self, client: Client, unit: str = "29479", **data: Any) -> Any:
        body = {"month": "05/2023", "total": "120", "online": "30", **data}
        return client.post(page(unit), body)

    def test_a_commune_officer_enters_a_month(self, personas: Personas) -> None:
        client = english(personas, personas.commune_a)
        response = self.post(client)
        assert response.status_code == 302
        assert response["Location"] == page()
        stat = WorkRecordStat.objects.get()
        assert (stat.unit, stat.month, stat.total, stat.online, stat.source) == (
            personas.commune_a_unit,
            MAY,
            120,
            30,
            "entered",
        )
        assert stat.entered_by == personas.commune_a
        followed = client.get(response["Location"])
        assert "Figures of 05/2023 saved for Xã Ngãi Xuyên: 30 of 120 online." in text(followed)

    def test_the_month_picker_value_is_accepted_and_entering_again_corrects(
        self, personas: Personas
    ) -> None:
        client = english(personas, personas.commune_a)
        self.post(client, month="2023-05")
        self.post(client, month="5/2023", total="130")
        stat = WorkRecordStat.objects.get()
        assert stat.total == 130
        assert stat.history.count() == 2
        assert stat.history.first().history_user == personas.commune_a

    def test_the_district_enters_for_its_commune_and_itself(self, personas: Personas) -> None:
        client = english(personas, personas.district)
        assert self.post(client).status_code == 302
        assert self.post(client, unit="849").status_code == 302
        assert WorkRecordStat.objects.count() == 2

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"total": "-1"}, "total", "The number of work records cannot be negative."),
            ({"online": "-3"}, "online", "The number of work records cannot be negative."),
            ({"total": "12.5"}, "total", "Enter a whole number of work records, e.g. 120."),
            ({"online": "abc"}, "online", "Enter a whole number of work records, e.g. 120."),
            ({"total": ""}, "total", "Enter the number of work records."),
            (
                {"online": "200"},
                "online",
                "Records processed online (200) cannot exceed the total (120).",
            ),
            ({"month": "2099-01"}, "month", "01/2099 is in the future"),
            ({"month": "13/2023"}, "month", "“13/2023” is not a month"),
            ({"month": ""}, "month", "Enter the month, e.g. 05/2023."),
        ],
    )
    def test_wrong_figures_are_refused_in_the_form(
        self, personas: Personas, data: dict[str, str], field: str, message: str
    ) -> None:
        response = self.post(english(personas, personas.commune_a), **data)
        assert response.status_code == 422
        with translation.override("en"):
            errors = " ".join(response.context["form"].errors[field])
        assert message in errors
        assert message.split("“")[0].strip() in text(response)
        assert not WorkRecordStat.objects.exists()

    def test_a_month_when_the_unit_no_longer_existed_is_refused(self, personas: Personas) -> None:
        response = self.post(english(personas, personas.commune_a), month="08/2025")
        assert response.status_code == 422
        assert "Code 29479 names no unit on 01/08/2025" in text(response)
        assert not WorkRecordStat.objects.exists()

    def test_garbage_is_refused_without_an_error_page(self, personas: Personas) -> None:
        client = english(personas, personas.commune_a)
        assert client.post(page(), {"nonsense": "x"}).status_code == 422
        assert client.post(page(), {"month": ["a", "b"], "total": "1e9"}).status_code == 422

    def test_read_only_users_get_403_and_other_units_404(self, personas: Personas) -> None:
        assert self.post(english(personas, personas.viewer_a)).status_code == 403
        assert self.post(english(personas, personas.resident)).status_code == 404
        assert self.post(english(personas, personas.commune_b)).status_code == 404
        assert self.post(english(personas, personas.other_district)).status_code == 404
        assert not WorkRecordStat.objects.exists()

    def test_read_only_users_see_no_entry_form(self, personas: Personas) -> None:
        response = english(personas, personas.viewer_a).get(page())
        assert response.context["form"] is None
        assert "Enter a month" not in text(response)

    def test_a_months_link_prefills_the_form(self, personas: Personas) -> None:
        submit(personas, personas.commune_a_unit, MAY, 100, 40)
        response = english(personas, personas.commune_a).get(page() + "&month=2023-05")
        form = response.context["form"]
        assert (form.initial["total"], form.initial["online"]) == (100, 40)
        assert 'value="05/2023"' in text(response)

    def test_a_months_history_shows_who_changed_what(self, personas: Personas) -> None:
        client = english(personas, personas.commune_a)
        self.post(client)
        self.post(client, total="150")
        stat = WorkRecordStat.objects.get()
        body = text(client.get(page()))
        assert f"/transformation/work-records/{stat.pk}/history/" in body
        response = client.get(f"/transformation/work-records/{stat.pk}/history/")
        assert response.status_code == 200
        assert "120" in text(response) and "150" in text(response)
        assert (
            english(personas, personas.commune_b)
            .get(f"/transformation/work-records/{stat.pk}/history/")
            .status_code
            == 404
        )


def csv_file(content: str, name: str = "export.csv", bom: bool = False) -> SimpleUploadedFile:
    data = ("\ufeff" if bom else "") + content
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[Any]], name: str = "export.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def corrupt_xlsx() -> bytes:
    """A zip that looks like a workbook (``xl/workbook.xml``) but holds no valid XML."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    return out.getvalue()


@pytest.mark.django_db
class WorkRecordUploadTests:
    def upload(self, personas: Personas, upload: Any, user: Any = None) -> Any:
        self.client = english(personas, user or personas.district)
        return self.client.post(UPLOAD, {"file": upload})

    def test_an_e_office_csv_with_vietnamese_headers_is_imported(self, personas: Personas) -> None:
        content = (
            "Báo cáo hồ sơ công việc;;;;\n"
            "Mã đơn vị;Tên đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n"
            "29479;Ngãi Xuyên;05/2023;100;40\n"
            ";;;;\n"
            "29482;Kim Sơn;2023-06;80;8\n"
        )
        response = self.upload(personas, csv_file(content, bom=True))
        assert response.status_code == 302
        assert response["Location"] == UPLOAD
        stats = WorkRecordStat.objects.order_by("month")
        assert [(s.unit.code, s.month, s.total, s.online, s.source) for s in stats] == [
            ("29479", MAY, 100, 40, "imported"),
            ("29482", dt.date(2023, 6, 1), 80, 8, "imported"),
        ]
        followed = self.client.get(UPLOAD)
        assert "File imported: 2 new and 0 updated monthly figures." in text(followed)

    def test_a_second_import_updates_and_says_so(self, personas: Personas) -> None:
        content = "unit code,month,total,online\n29479,2023-05,100,40\n"
        self.upload(personas, csv_file(content))
        response = self.upload(personas, csv_file(content.replace("100", "110")))
        assert response.status_code == 302
        assert WorkRecordStat.objects.get().total == 110
        followed = self.client.get(UPLOAD)
        assert "0 new and 1 updated" in text(followed)

    def test_an_xlsx_with_date_cells_and_numbers_is_imported(self, personas: Personas) -> None:
        rows: list[list[Any]] = [
            ["Mã đơn vị", "Tháng", "Tổng số hồ sơ", "Xử lý trực tuyến"],
            ["29479", dt.datetime(2023, 5, 1), 100, 40.0],
            [29482, "06/2023", 50, 5],
            [None, None, None, None],
        ]
        response = self.upload(personas, xlsx_file(rows))
        assert response.status_code == 302, response.context["problems"]
        assert WorkRecordStat.objects.count() == 2

    def test_every_wrong_row_is_reported_and_nothing_is_saved(self, personas: Personas) -> None:
        content = (
            "Mã đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n"
            "29479;05/2023;100;40\n"  # row 2: fine
            "29479;2023-13;100;40\n"  # row 3: no such month
            "29482;05/2023;-5;0\n"  # row 4: negative
            "29482;06/2023;50;60\n"  # row 5: online > total
            "29269;05/2023;10;1\n"  # row 6: Mỹ Cẩm is in Càng Long
            "29479;2023-05;10;1\n"  # row 7: twice the same month
            "29479;07/2023;1.5;\n"  # row 8: not whole, empty
            "29479;01/2099;10;1\n"  # row 9: future
        )
        response = self.upload(personas, csv_file(content))
        assert response.status_code == 422
        assert not WorkRecordStat.objects.exists()
        problems = response.context["problems"]
        by_row: dict[int, list[str]] = {}
        for problem in problems:
            by_row.setdefault(problem.row, []).append(problem.message)
        assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
        assert "is not a month" in by_row[3][0]
        assert by_row[4] == ["Total cannot be negative (-5)."]
        assert "cannot exceed the total" in by_row[5][0]
        assert "No administrative unit has code 29269" in by_row[6][0]
        assert "appears twice" in by_row[7][0]
        assert by_row[8] == ["Total must be a whole number, not “1.5”.", "Online is empty."]
        assert "in the future" in by_row[9][0]
        body = text(response)
        assert "8 problems found: nothing was saved." in body

    def test_a_commune_officer_cannot_import_another_commune(self, personas: Personas) -> None:
        content = "Mã đơn vị,Tháng,Tổng số hồ sơ,Xử lý trực tuyến\n29482,05/2023,10,1\n"
        response = self.upload(personas, csv_file(content), user=personas.commune_a)
        assert response.status_code == 422
        assert not WorkRecordStat.objects.exists()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (
                SimpleUploadedFile("report.pdf", b"%PDF-1.4\n..."),
                "“report.pdf” is not an Excel workbook (.xlsx) or a CSV file",
            ),
            (
                SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 50),
                "is an old Excel file (.xls)",
            ),
            (SimpleUploadedFile("notes.txt", b"a;b;c"), "is not an Excel workbook"),
            (SimpleUploadedFile("bad.xlsx", b"PK\x03\x04broken"), "is not an Excel workbook"),
            (SimpleUploadedFile("corrupt.xlsx", corrupt_xlsx()), "could not be read"),
            (csv_file("a,b,c\n1,2,3\n"), "No header row was found"),
            (csv_file("Mã đơn vị,Tháng,Tổng số hồ sơ,Xử lý trực tuyến\n"), "holds no figures"),
            (
                SimpleUploadedFile("win.csv", b"M\xe3 \xf0\xf5n v\xf2;Th\xe1ng\n"),
                "is not in UTF-8",
            ),
        ],
    )
    def test_files_that_cannot_be_read_are_refused_clearly(
        self, personas: Personas, upload: Any, message: str
    ) -> None:
        response = self.upload(personas, upload)
        assert response.status_code == 422
        assert message in " ".join(response.context["form"].errors["file"])
        assert not WorkRecordStat.objects.exists()

    def test_an_empty_post_asks_for_a_file(self, personas: Personas) -> None:
        response = english(personas, personas.district).post(UPLOAD, {})
        assert response.status_code == 422
        assert "Choose a file to upload." in text(response)

    def test_read_only_users_cannot_upload(self, personas: Personas) -> None:
        content = "Mã đơn vị,Tháng,Tổng số hồ sơ,Xử lý trực tuyến\n29479,05/2023,10,1\n"
        assert self.upload(personas, csv_file(content), personas.viewer_a).status_code == 403
        assert english(personas, personas.resident).get(UPLOAD).status_code == 404

    def test_the_template_lists_the_users_units_and_uploads_back(self, personas: Personas) -> None:
        client = english(personas, personas.district)
        response = client.get(f"{TEMPLATE}?year=2023")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="ho-so-cong-viec-2023.xlsx"'
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("Mã đơn vị", "Tên đơn vị", "Tháng", "Tổng số hồ sơ", "Xử lý trực tuyến")
        assert [r[0] for r in rows[1:]] == ["849", "29479", "29482"]
        # Fill in one unit and upload the template back: the unfilled rows are skipped.
        sheet["C3"], sheet["D3"], sheet["E3"] = "05/2023", 90, 45
        out = io.BytesIO()
        sheet.parent.save(out)
        upload = SimpleUploadedFile("ho-so.xlsx", out.getvalue())
        assert client.post(UPLOAD, {"file": upload}).status_code == 302
        stat = WorkRecordStat.objects.get()
        assert (stat.unit.code, stat.total, stat.online) == ("29479", 90, 45)


class UploadReadingTests:
    @pytest.mark.parametrize(
        ("header", "column"),
        [
            ("Mã đơn vị", "unit"),
            ("MÃ ĐƠN VỊ", "unit"),
            ("Unit code", "unit"),
            ("Tháng", "month"),
            ("Tháng/năm", "month"),
            ("Month", "month"),
            ("Tổng số hồ sơ", "total"),
            ("Tổng số hồ sơ xử lý trực tuyến", "online"),
            ("Xử lý trực tuyến", "online"),
            ("Online", "online"),
            ("Tên đơn vị", None),
            ("", None),
        ],
    )
    def test_headers_are_recognised_in_vietnamese_and_english(
        self, header: str, column: str | None
    ) -> None:
        assert column_of(header) == column

    @pytest.mark.parametrize(
        ("value", "month"),
        [
            ("2023-05", "2023-05"),
            ("05/2023", "2023-05"),
            ("5/2023", "2023-05"),
            ("15/05/2023", "2023-05"),
            ("2023-05-01 00:00:00", "2023-05"),
            (dt.date(2023, 5, 17), "2023-05"),
            (dt.datetime(2023, 5, 1), "2023-05"),
            ("13/2023", None),
            ("May 2023", None),
            (None, None),
        ],
    )
    def test_months_are_read_in_the_usual_ways(self, value: Any, month: str | None) -> None:
        assert month_text(value) == month


@pytest.mark.django_db
class TargetPageTests:
    def test_the_targets_of_a_year_are_shown_by_indicator_and_level(
        self, personas: Personas
    ) -> None:
        load_targets()
        response = english(personas, personas.commune_a).get(f"{TARGETS}?year=2023")
        assert response.status_code == 200
        table = response.context["table"]
        assert [level for level, _label in table.levels] == ["province", "district", "commune"]
        assert len(table.rows) == 5  # every indicator, with or without a target
        work = next(r for r in table.rows if r.indicator == "work_records_online")
        assert [t.value_percent for _level, t in work.cells if t] == [30, 25, 20]
        body = text(response)
        assert "Trà Vinh năm 2023" in body
        assert "Set a target" not in body
        assert "Targets are set by the province coordination office." in body

    def test_it_opens_on_the_latest_year_that_has_begun(self, personas: Personas) -> None:
        load_targets()
        response = english(personas, personas.province).get(TARGETS)
        assert response.context["year"] == 2025
        assert "Quyết định 924/QĐ-TTg" in text(response)

    def test_a_year_without_targets_shows_an_empty_state(self, personas: Personas) -> None:
        load_targets()
        response = english(personas, personas.province).get(f"{TARGETS}?year=2030")
        assert "No target is set for 2030." in text(response)
        assert 2030 in response.context["years"]

    def test_the_province_office_changes_a_target_with_history(self, personas: Personas) -> None:
        load_targets()
        client = english(personas, personas.province)
        url = f"{SET_TARGET}?year=2023&indicator=work_records_online&level=commune"
        form = client.get(url).context["form"]
        assert form.initial["value"] == Decimal(20)
        response = client.post(
            SET_TARGET,
            {
                "year": "2023",
                "indicator": "work_records_online",
                "level": "commune",
                "value": "22.5",
                "legal_basis": "Kế hoạch sửa đổi",
                "version": form["version"].value(),
            },
        )
        assert response.status_code == 302
        assert response["Location"] == f"{TARGETS}?year=2023"
        target = Target.objects.get(year=2023, indicator="work_records_online", level="commune")
        assert target.value_percent == Decimal("22.5")
        assert target.history.first().history_user == personas.province
        followed = client.get(response["Location"])
        assert "Target saved" in text(followed)
        history = client.get(f"/transformation/targets/{target.pk}/history/")
        assert history.status_code == 200
        assert "22.50" in text(history) and "Kế hoạch sửa đổi" in text(history)

    def test_the_province_office_adds_a_target_for_a_new_year(self, personas: Personas) -> None:
        client = english(personas, personas.province)
        body = {"year": "2024", "indicator": "officials_trained", "level": "district"}
        assert client.post(SET_TARGET, {**body, "value": "40", "version": "0"}).status_code == 302
        assert Target.objects.get(year=2024).value_percent == Decimal(40)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("150", "The target must be between 0 and 100%."),
            ("-1", "The target must be between 0 and 100%."),
            ("abc", "Enter the target as a number between 0 and 100."),
        ],
    )
    def test_a_wrong_value_is_refused(self, personas: Personas, value: str, message: str) -> None:
        client = english(personas, personas.province)
        response = client.post(
            SET_TARGET,
            {
                "year": "2023",
                "indicator": "work_records_online",
                "level": "commune",
                "value": value,
            },
        )
        assert response.status_code == 422
        assert message in text(response)
        assert not Target.objects.exists()

    def test_others_cannot_change_targets(self, personas: Personas) -> None:
        body = {
            "year": "2023",
            "indicator": "work_records_online",
            "level": "commune",
            "value": "5",
        }
        for user in (personas.district, personas.commune_a, personas.viewer_a):
            client = english(personas, user)
            assert client.post(SET_TARGET, body).status_code == 403
            assert client.get(SET_TARGET).status_code == 403
        assert not Target.objects.exists()

    def test_an_unknown_target_history_is_not_found(self, personas: Personas) -> None:
        response = english(personas, personas.province).get("/transformation/targets/999/history/")
        assert response.status_code == 404
