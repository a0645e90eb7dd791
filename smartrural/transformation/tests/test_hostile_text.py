"""Officials' names (the page form and the import) and the work records import's unit codes with
hostile text: refused with a message saying what is wrong, row by row; nothing is stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartrural.testing import Personas
from smartrural.transformation.models import Official, WorkRecordStat

OFFICIAL_NEW = "/transformation/officials/new/"
OFFICIAL_IMPORT = "/transformation/officials/import/"
WORK_RECORDS_UPLOAD = "/transformation/work-records/upload/"
BAD = [
    pytest.param("Trần Thị\x00Mai", "ký tự điều khiển (U+0000", id="nul"),
    pytest.param("Trần \x1b[1mThị Mai", "ký tự điều khiển (U+001B", id="esc"),
    pytest.param("Trần Thị Mai\u202e", "điều khiển hướng chữ (U+202E", id="bidi-override"),
    pytest.param("Trần \u2066Thị Mai", "điều khiển hướng chữ (U+2066", id="bidi-isolate"),
    pytest.param("Trần\u200cThị Mai", "ký tự vô hình (U+200C", id="zero-width"),
    pytest.param("Trần Thị\u2060Mai", "ký tự vô hình (U+2060", id="word-joiner"),
    pytest.param("Trần Thị\nMai", "một dòng", id="line-break"),
    pytest.param("Mai" * 67, "201 ký tự, tối đa 200", id="too-long"),
]
LONGEST = "Ư" * 200
VIETNAMESE = "Nguyễn Thị Ngọc Hạnh – Huỳnh Đức Trưởng (ỡ ữ ẵ ẳ ỷ ỹ ỵ ẹ ẻ ẽ)"


def _official_form(personas: Personas, full_name: str) -> Any:
    return personas.client(personas.commune_a).post(
        OFFICIAL_NEW,
        {"unit": "29479", "as_of": "01/06/2023", "full_name": full_name, "position": "Công chức"},
    )


class OfficialFormTests:
    @pytest.mark.parametrize(("name", "says"), BAD)
    def test_a_bad_name_is_a_form_error(self, personas: Personas, name: str, says: str) -> None:
        response = _official_form(personas, name)
        assert response.status_code == 422
        errors = response.context["form"].errors["full_name"]
        assert any(says in e and e.startswith("Họ và tên") for e in errors), errors
        assert not Official.objects.exists()

    @pytest.mark.parametrize("name", [LONGEST, VIETNAMESE])
    def test_a_good_name_is_saved(self, personas: Personas, name: str) -> None:
        response = _official_form(personas, name)
        assert response.status_code == 302, response.context["form"].errors
        assert Official.objects.get().full_name == name


def _import(personas: Personas, rows: list[str]) -> Any:
    content = "Mã đơn vị;Họ và tên;Chức vụ\n" + "".join(rows)
    upload = SimpleUploadedFile("officials.csv", content.encode(), content_type="text/csv")
    return personas.client(personas.district).post(
        OFFICIAL_IMPORT, {"as_of": "01/06/2023", "file": upload}
    )


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# A NUL makes the whole CSV "not text" before any row is read (tested below).
BAD_IN_A_ROW = [param for param in BAD if param.id != "nul"]


class OfficialImportTests:
    @pytest.mark.parametrize(("name", "says"), BAD_IN_A_ROW)
    def test_a_bad_name_is_reported_on_its_row(
        self, personas: Personas, name: str, says: str
    ) -> None:
        response = _import(
            personas, ["29479;Lê Văn Bình;Công chức\n", f"29479;{_quoted(name)};Công chức\n"]
        )
        assert response.status_code == 422
        errors = response.context["errors"]
        assert [(e.row, says in e.message) for e in errors] == [(3, True)], errors
        assert not Official.objects.exists()

    def test_a_nul_refuses_the_whole_file(self, personas: Personas) -> None:
        response = _import(personas, ['29479;"Trần Thị\x00Mai";Công chức\n'])
        assert response.status_code == 422
        assert response.context["form"].errors["file"]
        assert not Official.objects.exists()

    def test_a_bad_position_is_reported_too(self, personas: Personas) -> None:
        response = _import(personas, ["29479;Lê Văn Bình;Công\u202echức\n"])
        (error,) = response.context["errors"]
        assert "Chức vụ" in error.message and "U+202E" in error.message

    @pytest.mark.parametrize("name", [LONGEST, VIETNAMESE])
    def test_good_names_are_imported(self, personas: Personas, name: str) -> None:
        response = _import(personas, [f"29479;{_quoted(name)};Công chức\n"])
        assert response.status_code == 302
        assert Official.objects.get().full_name == name


class WorkRecordImportTests:
    def test_a_unit_cell_that_is_no_code_is_reported_without_echoing_it(
        self, personas: Personas
    ) -> None:
        hostile = "29479\u202e<script>" + "x" * 10_000
        content = f"Mã đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n{hostile};05/2023;10;1\n"
        upload = SimpleUploadedFile("records.csv", content.encode(), content_type="text/csv")
        response = personas.client(personas.district).post(WORK_RECORDS_UPLOAD, {"file": upload})
        assert response.status_code == 422
        (problem,) = response.context["problems"]
        assert problem.row == 2
        assert "chỉ gồm chữ số" in problem.message
        assert len(problem.unit) <= 11
        assert "x" * 20 not in response.content.decode()
        assert not WorkRecordStat.objects.exists()

    def test_a_code_cell_is_still_read(self, personas: Personas) -> None:
        content = "Mã đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n 29479 ;05/2023;10;1\n"
        upload = io.BytesIO(content.encode())
        upload.name = "records.csv"
        response = personas.client(personas.district).post(WORK_RECORDS_UPLOAD, {"file": upload})
        assert response.status_code == 302
        assert WorkRecordStat.objects.get().unit.code == "29479"
