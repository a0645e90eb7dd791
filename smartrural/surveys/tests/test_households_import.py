"""The household import: all or nothing with every problem reported with its row, existing
households updated, hamlets in the writer's units only, the template read back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from smartrural.testing import TV_END, Personas

from ..forms.households import COLUMNS
from ..models import Household
from ..services.households import household_create
from ..services.households_import import household_rows, households_import
from .test_households import kim_son_hamlet

pytestmark = pytest.mark.django_db

URL = "/surveys/work/households/import/"
HEADER = "Mã ấp;Số hộ;Chủ hộ;Địa chỉ;Còn ở\n"


def upload(text: str, name: str = "ho.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def post(personas: Personas, text: str, user: Any = None) -> Any:
    client = personas.client(user or personas.commune_a)
    return client.post(URL, {"file": upload(text), "as_of": "01/06/2023"})


class HouseholdImportTests:
    def test_it_adds_new_households_and_updates_those_on_record(self, personas: Personas) -> None:
        existing = household_create(
            hamlet=personas.hamlet_a_unit, number="2", head_name="Cũ", by=None
        )
        response = post(
            personas,
            HEADER
            + "2947901;1;Nguyễn Văn An;Tổ 1;\n"
            + "2947901;2;Trần Thị Bé;Tổ 2;không\n"
            + "2947901;3;Lâm Văn Ba;;có\n",
        )
        assert response.status_code == 302
        assert Household.objects.count() == 3
        existing.refresh_from_db()
        assert (existing.head_name, existing.active, existing.version) == ("Trần Thị Bé", False, 2)
        assert existing.search_name == "tran thi be"
        assert existing.history.count() == 2  # the bulk write kept the history
        new = Household.objects.get(number="1")
        assert (new.active, new.search_name, new.history.count()) == (True, "nguyen van an", 1)
        assert new.history.get().history_user_id == personas.commune_a.pk

    def test_a_bad_row_in_the_middle_leaves_nothing(self, personas: Personas) -> None:
        response = post(
            personas,
            HEADER
            + "2947901;1;Nguyễn Văn An;;\n"
            + "2947901;2;;;\n"  # no head of household
            + "2947901;3;Lâm Văn Ba;;\n",
        )
        assert response.status_code == 422
        assert not Household.objects.exists()
        errors = response.context["errors"]
        assert [(e.row, e.column) for e in errors] == [(3, str(COLUMNS["head_name"]))]

    def test_every_problem_is_reported_with_its_row(self, personas: Personas) -> None:
        kim_son_hamlet(personas)
        response = post(
            personas,
            HEADER
            + "2947901;1;An;;\n"
            + "9999999;2;Bình;;\n"  # no such hamlet
            + "2948201;3;Chi;;\n"  # Kim Sơn's hamlet: not commune A's
            + "2947901;1;Dũng;;\n"  # the same household as row 2
            + "2947901;5;Em;;có lẽ\n",  # not a yes/no
        )
        assert response.status_code == 422
        assert [e.row for e in response.context["errors"]] == [3, 4, 5, 6]
        assert not Household.objects.exists()

    def test_a_district_officer_imports_into_any_commune_of_the_district(
        self, personas: Personas
    ) -> None:
        kim_son_hamlet(personas)
        response = post(
            personas, HEADER + "2947901;1;An;;\n2948201;1;Bình;;\n", user=personas.district
        )
        assert response.status_code == 302
        assert Household.objects.count() == 2

    def test_the_template_reads_back_as_its_example_row(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get(URL + "template.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.active
        assert sheet is not None
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)  # never a formula
        rows = household_rows([[c.value for c in row] for row in sheet.iter_rows()])
        assert [(r.hamlet, r.number, r.head_name, r.active) for r in rows] == [
            ("2947901", "12", "Nguyễn Văn An", "có")
        ]
        upload_file = SimpleUploadedFile("mau.xlsx", response.content)
        imported = personas.client(personas.commune_a).post(
            URL, {"file": upload_file, "as_of": "01/06/2023"}
        )
        assert imported.status_code == 302
        assert Household.objects.get().head_name == "Nguyễn Văn An"

    @override_settings(IMPORT_MAX_ROWS=2)
    def test_an_import_over_the_limit_is_refused_whole(self, personas: Personas) -> None:
        response = post(personas, HEADER + "2947901;1;A;;\n2947901;2;B;;\n2947901;3;C;;\n")
        assert response.status_code == 413
        assert not Household.objects.exists()

    def test_a_missing_column_is_named(self, personas: Personas) -> None:
        response = post(personas, "Mã ấp;Số hộ\n2947901;1\n")
        assert response.status_code == 422
        assert "file" in response.context["form"].errors

    def test_a_read_only_viewer_may_not_import(self, personas: Personas) -> None:
        assert post(personas, HEADER, user=personas.viewer_a).status_code == 403

    def test_a_household_added_meanwhile_stops_the_write(
        self, personas: Personas, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Between the check and the write someone adds household 1: nothing is written and
        its row says so."""
        from ..services import households_import as module

        real = module._write

        def racing(checked: Any, *, seen: Any, by: Any) -> Any:
            household_create(hamlet=personas.hamlet_a_unit, number="1", head_name="X", by=None)
            return real(checked, seen=seen, by=by)

        monkeypatch.setattr(module, "_write", racing)
        rows = household_rows(
            [["Mã ấp", "Số hộ", "Chủ hộ"], ["2947901", "1", "A"], ["2947901", "2", "B"]]
        )
        result = households_import(rows=rows, as_of=TV_END, by=personas.commune_a)
        assert [e.row for e in result.errors] == [2]
        assert list(Household.objects.values_list("head_name", flat=True)) == ["X"]
