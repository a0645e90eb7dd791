from __future__ import annotations

from decimal import Decimal

import pytest

from smartrural.criteria.definition import CONFIRMED
from smartrural.criteria.setfile import parse_set_file
from smartrural.criteria.shipped import DATA_DIR, NATIONAL_FILES


def shipped(code: str):
    return parse_set_file(DATA_DIR / f"{code}.yaml")


class ShippedSetTests:
    @pytest.mark.parametrize("code", NATIONAL_FILES)
    def test_every_shipped_file_validates(self, code: str) -> None:
        assert shipped(code).code == code

    def test_the_318_commune_set_has_19_criteria_in_5_groups(self) -> None:
        defn = shipped("QD318-XA")
        assert len(defn.criteria) == 19
        assert len({c.group for c in defn.criteria}) == 5
        assert defn.criteria[2].name == "Thủy lợi và phòng, chống thiên tai"

    def test_irrigation_threshold_for_the_mekong_delta_in_2023_is_a_confirmed_80(self) -> None:
        t = (
            shipped("QD318-XA")
            .indicators()["3.1"]
            .threshold_for(region="dbscl", commune_group=None, year=2023)
        )
        assert t is not None
        assert t.value == Decimal(80)
        assert t.provenance == CONFIRMED and not t.placeholder

    def test_stunting_is_a_secondary_maximum_for_the_mekong_delta(self) -> None:
        ind = shipped("QD318-XA").indicators()["15.3"]
        assert ind.comparator == "<="
        t = ind.threshold_for(region="dbscl", commune_group=None, year=2023)
        assert t is not None and t.value == Decimal(19) and t.provenance == "secondary"

    @pytest.mark.parametrize("code", NATIONAL_FILES)
    def test_every_non_confirmed_threshold_is_a_placeholder(self, code: str) -> None:
        for ind in shipped(code).indicators().values():
            for t in ind.thresholds:
                assert t.placeholder == (t.provenance != CONFIRMED), (code, ind.code)

    def test_the_2026_set_has_10_criteria_with_thresholds_for_groups_1_to_3(self) -> None:
        defn = shipped("QD51-XA")
        assert len(defn.criteria) == 10
        for ind in defn.indicators().values():
            assert {t.commune_group for t in ind.thresholds} == {1, 2, 3}

    def test_the_2026_criteria_have_their_ten_names_marked_secondary(self) -> None:
        defn = shipped("QD51-XA")
        assert [c.name for c in defn.criteria] == [
            "Quy hoạch",
            "Hạ tầng kinh tế - xã hội",
            "Phát triển kinh tế nông thôn",
            "Đào tạo nguồn nhân lực nông thôn",
            "Văn hóa, giáo dục, y tế",
            "Giảm nghèo và an sinh xã hội",
            "Khoa học công nghệ và chuyển đổi số",
            "Môi trường và cảnh quan nông thôn",
            "Xây dựng hệ thống chính trị và hành chính công",
            "Tiếp cận pháp luật và an ninh, quốc phòng",
        ]
        assert "[S]" in defn.notes
        for ind in defn.indicators().values():
            # The names are secondary; the indicators and thresholds remain placeholders.
            assert "[S]" in ind.source and ind.provenance == "unconfirmed", ind.code
            assert all(t.placeholder for t in ind.thresholds), ind.code

    def test_the_district_set_derives_the_shares_it_can_compute(self) -> None:
        defn = shipped("QD320-HUYEN")
        derived = {i.derived for i in defn.indicators().values() if i.derived}
        assert derived == {
            "share_communes_ntm",
            "share_communes_advanced",
            "share_townships_civilised",
        }
        assert len([c for c in defn.criteria if c.number > 0]) == 9
