from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from smartrural.geo import selectors
from smartrural.geo.models import AdministrativeUnit, Succession
from smartrural.geo.reference import load_reference_units

D = dt.date


@pytest.mark.usefixtures("reference")
class ReferenceDataTests:
    def test_2023_file_has_the_province_9_districts_and_106_communes(self):
        trv = AdministrativeUnit.objects.filter(valid_to__lte=D(2025, 6, 30))
        assert trv.count() == 116
        assert Counter(trv.values_list("level", flat=True)) == {
            "province": 1,
            "district": 9,
            "commune": 106,
        }
        assert Counter(trv.filter(level="commune").values_list("kind", flat=True)) == {
            "xa": 85,
            "phuong": 11,
            "thi_tran": 10,
        }

    def test_tra_cu_had_15_communes_and_2_townships_in_2023(self):
        tra_cu = selectors.unit_by_code(code="849", as_of=D(2023, 6, 1))
        assert tra_cu is not None
        under = list(selectors.descendants(unit=tra_cu, as_of=D(2023, 6, 1)))
        assert len(under) == 17
        assert Counter(u.kind for u in under) == {"xa": 15, "thi_tran": 2}

    def test_there_is_no_district_after_the_reorganisation(self):
        assert not selectors.units_on(as_of=D(2025, 8, 1), level="district").exists()
        assert selectors.units_on(as_of=D(2025, 8, 1), level="commune").count() == 41

    def test_code_29489_is_ham_giang_of_vinh_long_with_its_three_predecessors(self):
        unit = selectors.unit_by_code(code="29489", as_of=D(2025, 8, 1))
        assert unit is not None
        assert unit.name == "Xã Hàm Giang"
        assert unit.parent is not None and unit.parent.name == "Tỉnh Vĩnh Long"
        links = selectors.predecessors(unit=unit)
        assert [(x.unit.code, x.unit.name) for x in links] == [
            ("29482", "Xã Kim Sơn"),
            ("29488", "Xã Hàm Giang"),
            ("29489", "Xã Hàm Tân"),
        ]
        assert {x.succession.legal_basis for x in links} == {"Nghị quyết 1687/NQ-UBTVQH15"}

    def test_trà_vinh_had_104_communes_in_march_2025(self):
        province = selectors.unit_by_code(code="84", as_of=D(2025, 3, 1))
        assert province is not None
        communes = selectors.descendants(unit=province, as_of=D(2025, 3, 1)).filter(level="commune")
        assert communes.count() == 104

    def test_phuong_2_and_6_were_dissolved_on_1_january_2025(self):
        assert selectors.unit_by_code(code="29245", as_of=D(2024, 12, 31)) is not None
        assert selectors.unit_by_code(code="29245", as_of=D(2025, 1, 1)) is None
        assert selectors.unit_by_code(code="29251", as_of=D(2025, 1, 1)) is None
        assert not Succession.objects.filter(predecessor__code__in=["29245", "29251"]).exists()

    def test_all_104_communes_and_the_province_have_a_successor(self):
        assert Succession.objects.filter(predecessor__level="commune").count() == 104
        link = Succession.objects.get(predecessor__code="84")
        assert link.successor.code == "86"
        assert link.legal_basis == "Nghị quyết 202/2025/QH15"

    def test_loading_twice_creates_no_duplicates(self):
        before = (AdministrativeUnit.objects.count(), Succession.objects.count())
        result = load_reference_units()
        assert result["units_2023"].created == 0 and result["units_2023"].unchanged == 116
        assert (AdministrativeUnit.objects.count(), Succession.objects.count()) == before
