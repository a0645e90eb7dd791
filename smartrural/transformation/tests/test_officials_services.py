"""Officials: create, edit, deactivate, history, and the all-or-nothing import (services and the
table reader)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from smartrural.core.errors import ValidationFailed
from smartrural.core.tabular import read_table
from smartrural.testing import Personas
from smartrural.transformation.models import Official
from smartrural.transformation.officials import tables
from smartrural.transformation.officials.forms import OfficialRowForm
from smartrural.transformation.officials.selectors import units_for_officials
from smartrural.transformation.officials.services import (
    OfficialRow,
    official_create,
    official_set_active,
    official_update,
    officials_import,
)

AS_OF = dt.date(2023, 6, 1)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def add(p: Personas, name: str = "Nguyễn Văn An", **kwargs: Any) -> Official:
    fields: dict[str, Any] = {
        "unit": p.commune_a_unit,
        "full_name": name,
        "position": "Phó Chủ tịch UBND xã",
        "by": p.commune_a,
    }
    fields.update(kwargs)
    return official_create(**fields)


class OfficialCreateTests:
    def test_it_adds_an_official_with_history(self, personas: Personas) -> None:
        official = add(personas, "Nguyễn Văn An", identifier="an@nx.vn")
        assert official.full_name == "Nguyễn Văn An"
        assert official.active
        record = official.history.get()
        assert record.history_user == personas.commune_a
        assert record.history_type == "+"

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"full_name": "  "}, "Full name is required."),
            ({"position": ""}, "Position is required."),
            ({"full_name": "x" * 201}, "Full name is too long: 201 characters, at most 200."),
            ({"identifier": "y" * 101}, "Identifier is too long: 101 characters, at most 100."),
            (
                {"full_name": "Trần\u202eMai"},
                "Full name must not contain text-direction control characters (U+202E at "
                "position 5): they make the text read differently from what it says.",
            ),
        ],
    )
    def test_its_form_rejects_missing_or_long_text(
        self, kwargs: dict[str, Any], message: str
    ) -> None:
        data = {"unit": "29479", "full_name": "Trần Thị Mai", "position": "Công chức"} | kwargs
        form = OfficialRowForm(data)
        assert not form.is_valid()
        assert [str(m) for m in form.errors[next(iter(kwargs))]] == [message]

    def test_its_form_makes_runs_of_white_space_one(self) -> None:
        data = {"unit": "29479", "full_name": "  Nguyễn   Văn An ", "position": "Chủ  tịch"}
        form = OfficialRowForm(data)
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["full_name"], form.cleaned_data["position"]) == (
            "Nguyễn Văn An",
            "Chủ tịch",
        )

    def test_a_hamlet_has_no_programme_officials(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="province, district or commune"):
            add(personas, unit=personas.hamlet_a_unit)

    def test_a_unit_outside_the_scope_is_refused(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="not among your units"):
            add(personas, unit=personas.commune_b_unit)
        # The district officer manages the district and its communes, not another district.
        add(personas, unit=personas.district_unit, by=personas.district)
        add(personas, "Lê Thị Bình", unit=personas.commune_b_unit, by=personas.district)
        with pytest.raises(ValidationFailed):
            add(personas, unit=personas.other_commune_unit, by=personas.district)

    def test_read_only_users_cannot_add(self, personas: Personas) -> None:
        for user in (personas.viewer_a, personas.resident):
            with pytest.raises(PermissionDenied):
                add(personas, by=user)

    def test_a_namesake_needs_an_identifier(self, personas: Personas) -> None:
        add(personas)
        with pytest.raises(ValidationFailed, match="give an identifier") as info:
            add(personas, "nguyễn văn  an")
        assert info.value.field == "identifier"
        add(personas, identifier="an2@nx.vn")
        with pytest.raises(ValidationFailed, match="already has the identifier"):
            add(personas, "Trần Văn Ba", identifier="AN2@nx.vn")
        # The same name in another unit is another person.
        add(personas, unit=personas.commune_b_unit, by=personas.district)


class OfficialUpdateTests:
    def test_a_change_is_kept_in_the_history_and_no_change_adds_nothing(
        self, personas: Personas
    ) -> None:
        official = add(personas)
        official_update(
            official=official,
            unit=personas.commune_a_unit,
            full_name="Nguyễn Văn An",
            position="Phó Chủ tịch UBND xã",
            by=personas.commune_a,
        )
        assert official.history.count() == 1
        official_update(
            official=official,
            unit=personas.district_unit,
            full_name="Nguyễn Văn An",
            position="Chánh Văn phòng Điều phối NTM huyện",
            by=personas.district,
        )
        official.refresh_from_db()
        assert official.unit == personas.district_unit
        latest = official.history.first()
        assert latest.history_user == personas.district
        assert latest.position == "Chánh Văn phòng Điều phối NTM huyện"

    def test_a_commune_officer_cannot_move_an_official_to_the_district(
        self, personas: Personas
    ) -> None:
        official = add(personas)
        with pytest.raises(ValidationFailed, match="not among your units"):
            official_update(
                official=official,
                unit=personas.district_unit,
                full_name=official.full_name,
                position=official.position,
                by=personas.commune_a,
            )

    def test_deactivation_and_reactivation(self, personas: Personas) -> None:
        official = add(personas)
        official_set_active(official=official, active=False, by=personas.commune_a)
        official_set_active(official=official, active=False, by=personas.commune_a)
        official.refresh_from_db()
        assert not official.active
        assert official.history.count() == 2
        official_set_active(official=official, active=True, by=personas.district)
        assert Official.objects.get().active
        with pytest.raises(PermissionDenied):
            official_set_active(official=official, active=False, by=personas.viewer_a)


def row(n: int, unit: str = "29479", name: str = "Trần Thị Mai", **kwargs: Any) -> OfficialRow:
    fields: dict[str, Any] = {"position": "Công chức Văn phòng – Thống kê"}
    fields.update(kwargs)
    return OfficialRow(row=n, unit=unit, full_name=name, **fields)


class OfficialImportTests:
    def test_it_adds_and_updates_by_identifier_or_name(self, personas: Personas) -> None:
        known = add(personas, "Nguyễn Văn An", identifier="an@nx.vn")
        plain = add(personas, "Lê Thị Bình")
        result = officials_import(
            rows=[
                row(2, name="Nguyễn Văn Ân", identifier="AN@nx.vn", position="Chủ tịch UBND xã"),
                row(
                    3, name="lê thị  bình", position="Công chức Tài chính – Kế toán", active="không"
                ),
                row(4, unit="29482", name="Thạch Sa Rát", active="yes"),
                row(5, unit="849", name="Trần Văn Cường", identifier="c@tracu.vn", active=""),
            ],
            as_of=AS_OF,
            by=personas.district,
        )
        assert (result.ok, result.created, result.updated, result.unchanged) == (True, 2, 2, 0)
        known.refresh_from_db()
        plain.refresh_from_db()
        assert (known.full_name, known.position) == ("Nguyễn Văn Ân", "Chủ tịch UBND xã")
        assert plain.position == "Công chức Tài chính – Kế toán"
        assert not plain.active
        assert known.history.first().history_user == personas.district
        assert Official.objects.get(full_name="Trần Văn Cường").unit == personas.district_unit

    def test_an_unchanged_row_is_counted_and_not_saved(self, personas: Personas) -> None:
        official = add(personas)
        result = officials_import(
            rows=[row(2, name=official.full_name, position=official.position)],
            as_of=AS_OF,
            by=personas.commune_a,
        )
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
        assert official.history.count() == 1

    def test_a_stored_official_without_identifier_gets_the_files_identifier(
        self, personas: Personas
    ) -> None:
        official = add(personas, "Trần Thị Mai")
        result = officials_import(
            rows=[row(2, identifier="mai@nx.vn")], as_of=AS_OF, by=personas.commune_a
        )
        assert result.updated == 1
        official.refresh_from_db()
        assert official.identifier == "mai@nx.vn"

    def test_a_row_goes_through_the_officials_form_checks_field_by_field(
        self, personas: Personas
    ) -> None:
        result = officials_import(
            rows=[
                row(2, name="  Trần   Thị Mai "),
                row(3, unit="", name="Trần\u202eMai", identifier="y" * 101, active="maybe"),
            ],
            as_of=AS_OF,
            by=personas.district,
        )
        assert [(e.row, e.column) for e in result.errors] == [
            (3, "Unit code"),
            (3, "Full name"),
            (3, "Identifier"),
            (3, "Active"),
        ]
        messages = [e.message for e in result.errors]
        assert messages[0] == "Unit code is required."
        assert messages[2] == "Identifier is too long: 101 characters, at most 100."
        assert not Official.objects.exists()
        result = officials_import(
            rows=[row(2, name="  Trần   Thị Mai ")], as_of=AS_OF, by=personas.district
        )
        assert result.ok
        assert Official.objects.get().full_name == "Trần Thị Mai"

    def test_one_wrong_row_and_nothing_is_written(self, personas: Personas) -> None:
        add(personas, "Lê Văn Hai")
        add(personas, "Lê Văn Hai", identifier="hai2")
        result = officials_import(
            rows=[
                row(2),  # fine
                row(3, unit="99999"),
                row(4, unit="29269"),  # Mỹ Cẩm: Càng Long, outside Trà Cú
                row(5, unit="2947901"),  # a hamlet
                row(6, name=""),
                row(7, name="Võ Văn Bảy", active="maybe"),
                row(8),  # the same as row 2
                row(9, name="Lê Văn Hai"),  # two officials of that name
                row(10, name="Đỗ Thị Mười", identifier="x1"),
                row(11, name="Đỗ Thị Mười bis", identifier="X1"),
            ],
            as_of=AS_OF,
            by=personas.district,
        )
        assert not result.ok
        assert Official.objects.count() == 2
        found = [(e.row, e.column) for e in result.errors]
        assert found == [
            (3, "Unit code"),
            (4, "Unit code"),
            (5, "Unit code"),
            (6, "Full name"),
            (7, "Active"),
            (8, "Full name"),
            (9, "Identifier"),
            (11, "Identifier"),
        ]
        messages = {e.row: e.message for e in result.errors}
        assert messages[3] == "No unit has code “99999” on 01/06/2023."
        assert messages[4] == "Xã Mỹ Cẩm is not among your units."
        assert "is not a yes/no value" in messages[7]
        assert messages[8] == "Row 2 is already about Trần Thị Mai of Xã Ngãi Xuyên."
        assert "Several officials named Lê Văn Hai" in messages[9]

    def test_unit_codes_are_looked_up_on_the_as_of_date(self, personas: Personas) -> None:
        result = officials_import(rows=[row(2)], as_of=dt.date(2025, 7, 1), by=personas.commune_a)
        assert [e.message for e in result.errors] == ["No unit has code “29479” on 01/07/2025."]

    def test_an_empty_file_and_read_only_users_are_refused(self, personas: Personas) -> None:
        result = officials_import(rows=[], as_of=AS_OF, by=personas.commune_a)
        assert result.errors[0].message == "The file has no official to import."
        with pytest.raises(PermissionDenied):
            officials_import(rows=[row(2)], as_of=AS_OF, by=personas.viewer_a)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


class TableTests:
    def test_csv_with_bom_and_semicolons_in_vietnamese(self) -> None:
        text = (
            "Mã đơn vị;Họ và tên;Chức vụ;Mã định danh;Đang công tác\n"
            "29479;Trần Thị Mai;Công chức;m1;có\n\n"
        )
        rows = tables.official_rows(read_table(upload("a.csv", text.encode("utf-8-sig"))))
        assert rows == [
            OfficialRow(
                row=2,
                unit="29479",
                full_name="Trần Thị Mai",
                position="Công chức",
                identifier="m1",
                active="có",
            )
        ]

    def test_csv_with_commas_english_titles_and_columns_in_any_order(self) -> None:
        text = 'Position,Full name,Unit code,Notes\n"Officer, finance",Lê Bình,29482,x\n'
        rows = tables.official_rows(read_table(upload("a.csv", text.encode())))
        assert (rows[0].unit, rows[0].full_name, rows[0].position, rows[0].active) == (
            "29482",
            "Lê Bình",
            "Officer, finance",
            "",
        )

    def test_the_template_round_trips(self, personas: Personas) -> None:
        data = tables.template_bytes(units_for_officials(personas.district))
        workbook = load_workbook(io.BytesIO(data))
        assert workbook.sheetnames == ["Cán bộ", "Hướng dẫn", "Đơn vị"]
        codes = [c.value for c in workbook["Đơn vị"]["A"]][1:]
        assert codes == ["849", "29479", "29482"]
        sheet = workbook["Cán bộ"]
        sheet.append(["29479", "Trần Thị Mai", "Công chức", None, "không"])
        sheet.append([29482, "Lê Bình", "Công chức", 12345.0, 1])
        out = io.BytesIO()
        workbook.save(out)
        rows = tables.official_rows(read_table(upload("filled.xlsx", out.getvalue())))
        assert [(r.row, r.unit, r.identifier, r.active) for r in rows] == [
            (2, "29479", "", "không"),
            (3, "29482", "12345", "1"),
        ]

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("a.pdf", b"%PDF-1.4", "“a.pdf” is not an Excel workbook (.xlsx) or a CSV file"),
            ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "is an old Excel file (.xls)"),
            ("a.csv", b"\xd0\xf4n v\xec;Ch\xfdc\n", "not in UTF-8"),
            ("a.xlsx", b"PK\x03\x04broken", "is not an Excel workbook"),
            ("a.csv", b"", "The file is empty."),
            ("a.csv", b"Unit code;Position\n29479;x\n", "Column(s) missing: Full name."),
            ("a.csv", b"Unit code;Name;Full name;Position\n", "appears twice"),
        ],
    )
    def test_bad_files_are_refused_with_a_reason(
        self, name: str, content: bytes, message: str
    ) -> None:
        with pytest.raises(ValidationFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
            tables.official_rows(read_table(upload(name, content)))

    def test_an_xlsx_without_titles_is_refused(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["29479", "Trần Thị Mai", "Công chức"])
        out = io.BytesIO()
        workbook.save(out)
        with pytest.raises(ValidationFailed, match="Column"):
            tables.official_rows(read_table(upload("a.xlsx", out.getvalue())))


class OfficialImportLimitTests:
    def test_an_import_at_the_limit_is_written(self, personas: Personas, settings: Any) -> None:
        settings.IMPORT_MAX_ROWS = 2
        rows = [row(2, name="Trần Thị Mai"), row(3, name="Lê Văn Hùng")]
        result = officials_import(rows=rows, as_of=AS_OF, by=personas.commune_a)
        assert result.ok and result.created == 2

    def test_one_row_over_the_limit_names_the_limit(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 2
        rows = [row(2, name="Trần Thị Mai"), row(3, name="Lê Văn Hùng"), row(4, name="Thạch Sa")]
        result = officials_import(rows=rows, as_of=AS_OF, by=personas.commune_a)
        assert [e.message for e in result.errors] == [
            "This import has 3 rows; at most 2 rows are taken at a time. Split it into parts of "
            "at most 2 rows (for example by unit or by month) and import them one after the other."
        ]
        assert not Official.objects.exists()

    def test_an_official_added_meanwhile_makes_the_units_rows_errors(
        self, personas: Personas
    ) -> None:
        from smartrural.transformation.officials.services import import_write

        real = import_write.prepare_bulk_write

        def prepare(*args: Any, **kwargs: Any) -> Any:
            prepared = real(*args, **kwargs)
            add(personas, "Trần Thị Mai")  # another officer, between the check and the write
            return prepared

        rows = [row(2, name="Trần Thị Mai"), row(3, unit="29482", name="Thạch Sa Rát")]
        with mock.patch.object(import_write, "prepare_bulk_write", prepare):
            result = officials_import(rows=rows, as_of=AS_OF, by=personas.district)
        assert [(e.row, e.message) for e in result.errors] == [
            (
                2,
                "This was changed by someone else while the import was being checked; nothing "
                "was saved. Send the import again.",
            )
        ]
        assert list(Official.objects.values_list("full_name", flat=True)) == ["Trần Thị Mai"]
