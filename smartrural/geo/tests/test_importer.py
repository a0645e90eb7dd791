from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from smartrural.geo.importer import ImportFailed, import_successions, import_units
from smartrural.geo.models import AdministrativeUnit, Succession, path_ids

HEADER = "level,code,name,kind,parent_code,valid_from,valid_to,region,commune_group\n"
GOOD = (
    HEADER
    + "province,84,Tỉnh Trà Vinh,tinh,,,2025-06-30,dbscl,\n"
    + "district,849,Huyện Trà Cú,huyen,84,,30/06/2025,dbscl,\n"
    + "commune,29479,Xã Ngãi Xuyên,xa,849,,2025-06-30,,2\n"
    + "province,86,Tỉnh Vĩnh Long,tinh,,2025-07-01,,dbscl,\n"
    + "commune,29461,Xã Trà Cú,xa,86,2025-07-01,,dbscl,\n"
)


def run(text: str) -> tuple[int, int]:
    result = import_units(io.StringIO(text))
    return result.created, result.unchanged


def rejected(text: str) -> list[str]:
    with pytest.raises(ImportFailed) as info:
        import_units(io.StringIO(text))
    return [str(e) for e in info.value.errors]


@pytest.mark.django_db
class UnitImportTests:
    def test_it_imports_a_good_file_with_paths_and_search_names(self):
        assert run(GOOD) == (5, 0)
        commune = AdministrativeUnit.objects.get(code="29479")
        assert commune.parent is not None and commune.parent.code == "849"
        assert [
            u.code for u in AdministrativeUnit.objects.filter(pk__in=path_ids(commune.path))
        ] == [
            "84",
            "849",
            "29479",
        ]
        assert commune.search_name == "xa ngai xuyen"
        assert commune.region == "dbscl"  # inherited from the parent when empty
        assert commune.commune_group == 2
        assert str(AdministrativeUnit.objects.get(code="849").valid_to) == "2025-06-30"

    def test_importing_the_same_file_again_changes_nothing(self):
        run(GOOD)
        assert run(GOOD) == (0, 5)
        assert AdministrativeUnit.objects.count() == 5

    def test_a_second_file_can_hang_units_under_stored_parents(self):
        run(GOOD)
        assert run(HEADER + "hamlet,2947901,Ấp Chợ,ap,29479,,2025-06-30,,\n") == (1, 0)
        hamlet = AdministrativeUnit.objects.get(code="2947901")
        assert hamlet.parent is not None and hamlet.parent.code == "29479"

    def test_unknown_parent_is_reported_with_its_row_and_nothing_is_written(self):
        errors = rejected(GOOD + "commune,29482,Xã Kim Sơn,xa,999,,2025-06-30,,\n")
        assert len(errors) == 1
        assert "7" in errors[0] and "999" in errors[0]
        assert AdministrativeUnit.objects.count() == 0

    def test_parent_must_be_valid_on_the_childs_dates(self):
        # 849 ends on 30/06/2025: a commune from 2025-07-01 cannot hang under it.
        errors = rejected(GOOD + "commune,29999,Xã Mới,xa,849,2025-07-01,,,\n")
        assert any("999" in e or "849" in e for e in errors)
        assert AdministrativeUnit.objects.count() == 0

    def test_duplicate_code_in_the_file_is_rejected(self):
        errors = rejected(GOOD + "commune,29479,Xã Ngãi Xuyên,xa,849,,2025-06-30,,\n")
        assert len(errors) == 1
        assert errors[0].startswith(("Row 7", "Dòng 7"))
        assert "4" in errors[0]  # points at the first occurrence
        assert AdministrativeUnit.objects.count() == 0

    def test_bad_dates_and_reversed_validity_are_reported_per_row(self):
        errors = rejected(
            HEADER
            + "province,84,Tỉnh Trà Vinh,tinh,,31/02/2023,,dbscl,\n"
            + "province,86,Tỉnh Vĩnh Long,tinh,,2025-07-01,2025-06-01,dbscl,\n"
        )
        assert len(errors) == 2
        assert "31/02/2023" in errors[0] and ("2" in errors[0].split(":")[0])
        assert "3" in errors[1].split(":")[0]
        assert AdministrativeUnit.objects.count() == 0

    def test_code_overlapping_a_stored_unit_is_rejected(self):
        run(GOOD)
        errors = rejected(HEADER + "province,84,Tỉnh Trà Vinh mới,tinh,,2025-01-01,,dbscl,\n")
        assert len(errors) == 1 and "84" in errors[0]
        assert AdministrativeUnit.objects.count() == 5

    def test_wrong_kind_bad_region_group_and_level_are_all_reported(self):
        errors = rejected(
            HEADER
            + "province,84,Tỉnh Trà Vinh,xa,,,,dbscl,\n"
            + "province,85,Tỉnh X,tinh,,,,mars,\n"
            + "province,87,Tỉnh Y,tinh,,,,dbscl,7\n"
            + "village,88,Z,ap,,,,,\n"
        )
        assert [e.split(":")[0][-1] for e in errors] == ["2", "3", "4", "5"]
        assert len(errors) == 4
        assert AdministrativeUnit.objects.count() == 0

    def test_missing_columns_are_named(self):
        errors = rejected("level,code,name\nprovince,84,Tỉnh Trà Vinh\n")
        assert len(errors) == 1
        assert "kind" in errors[0] and "parent_code" in errors[0]


@pytest.mark.django_db
class UnitsImportCommandTests:
    def test_it_prints_a_summary(self, tmp_path, capsys):
        path = tmp_path / "units.csv"
        path.write_text(GOOD, encoding="utf-8")
        call_command("units_import", str(path))
        assert "Đã tạo: 5, không đổi: 0" in capsys.readouterr().out
        call_command("units_import", str(path))
        assert "Đã tạo: 0, không đổi: 5" in capsys.readouterr().out

    def test_it_fails_with_the_row_report(self, tmp_path, capsys):
        path = tmp_path / "units.csv"
        path.write_text(GOOD + "commune,29482,Xã Kim Sơn,xa,999,,2025-06-30,,\n", encoding="utf-8")
        with pytest.raises(CommandError):
            call_command("units_import", str(path))
        assert "999" in capsys.readouterr().err
        assert AdministrativeUnit.objects.count() == 0


SUCC_HEADER = "predecessor_code,successor_code,effective_date,kind,legal_basis,note\n"


@pytest.mark.django_db
class SuccessionImportTests:
    def test_it_links_the_unit_valid_the_day_before_to_the_one_valid_on_the_date(self):
        run(GOOD)
        text = SUCC_HEADER + "29479,29461,2025-07-01,Nhập toàn bộ,NQ 1687,\n"
        assert import_successions(io.StringIO(text)).created == 1
        link = Succession.objects.get()
        assert (link.predecessor.code, link.successor.code, link.kind) == (
            "29479",
            "29461",
            "whole",
        )
        assert import_successions(io.StringIO(text)).unchanged == 1
        assert Succession.objects.count() == 1

    def test_unknown_units_and_bad_kinds_are_rejected_with_rows(self):
        run(GOOD)
        text = (
            SUCC_HEADER
            + "29479,29461,2025-07-01,whole,NQ,\n"
            + "29479,29999,2025-07-01,whole,NQ,\n"
            + "84,86,2025-07-01,swallowed,NQ,\n"
        )
        with pytest.raises(ImportFailed) as info:
            import_successions(io.StringIO(text))
        assert [e.row for e in info.value.errors] == [3, 4]
        assert Succession.objects.count() == 0

    def test_command_reports_success(self, tmp_path, capsys):
        run(GOOD)
        path = tmp_path / "s.csv"
        path.write_text(SUCC_HEADER + "84,86,2025-07-01,whole,NQ 202,\n", encoding="utf-8")
        call_command("successions_import", str(path))
        assert "Đã tạo: 1" in capsys.readouterr().out
