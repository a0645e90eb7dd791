from __future__ import annotations

import datetime as dt

import pytest

from smartrural.geo import selectors
from smartrural.geo.models import Succession
from smartrural.geo.services import unit_create

D = dt.date
ON = D(2024, 1, 1)


class UnitSelectorTests:
    def test_units_on_a_date_filter_by_parent_level_and_text(self, personas):
        codes = lambda qs: [u.code for u in qs]  # noqa: E731
        assert codes(selectors.units_on(as_of=ON, parent=personas.district_unit)) == [
            "29479",
            "29482",
        ]
        assert codes(selectors.units_on(as_of=ON, level="district")) == ["849", "844"]
        assert codes(selectors.units_on(as_of=ON, q="ngai xuyen")) == ["29479"]
        assert codes(selectors.units_on(as_of=ON, q="Ngãi Xuyên")) == ["29479"]
        assert codes(selectors.units_on(as_of=ON, q="2948")) == ["29482"]
        assert codes(selectors.units_on(as_of=D(2026, 1, 1))) == []

    def test_unit_by_code_depends_on_the_date(self, personas):
        assert selectors.unit_by_code(code="29479", as_of=ON) == personas.commune_a_unit
        assert selectors.unit_by_code(code="29479", as_of=D(2025, 7, 1)) is None

    def test_children_descendants_and_ancestors(self, personas, django_assert_num_queries):
        assert list(selectors.children(unit=personas.commune_a_unit, as_of=ON)) == [
            personas.hamlet_a_unit
        ]
        under = selectors.descendants(unit=personas.district_unit, as_of=ON)
        assert {u.code for u in under} == {"29479", "29482", "2947901"}
        with django_assert_num_queries(1):
            chain = selectors.ancestors(unit=personas.hamlet_a_unit)
        assert [u.code for u in chain] == ["84", "849", "29479"]
        assert selectors.ancestors(unit=personas.province_unit) == []

    def test_tree_nests_units_and_counts_in_two_queries(self, personas, django_assert_num_queries):
        with django_assert_num_queries(2):
            tree = selectors.unit_tree(as_of=ON)
        assert [n.unit.code for n in tree] == ["84"]
        districts = tree[0].children
        assert [n.unit.code for n in districts] == ["849", "844"]
        assert tree[0].commune_count == 3
        ngai_xuyen = districts[0].children[0]
        assert (ngai_xuyen.unit.code, ngai_xuyen.hamlet_count) == ("29479", 1)


@pytest.fixture
def chain(personas):
    """Ngãi Xuyên -> Trà Cú (2025) -> Trà Cú Mới (2030), Kim Sơn -> Trà Cú (2025)."""
    vl = unit_create(
        code="86",
        name="Tỉnh Vĩnh Long",
        kind="tinh",
        level="province",
        parent=None,
        valid_from=D(2025, 7, 1),
    )
    tra_cu = unit_create(
        code="29461",
        name="Xã Trà Cú",
        kind="xa",
        level="commune",
        parent=vl,
        valid_from=D(2025, 7, 1),
        valid_to=D(2029, 12, 31),
    )
    newest = unit_create(
        code="29461",
        name="Xã Trà Cú Mới",
        kind="xa",
        level="commune",
        parent=vl,
        valid_from=D(2030, 1, 1),
    )
    for old, new, day in [
        (personas.commune_a_unit, tra_cu, D(2025, 7, 1)),
        (personas.commune_b_unit, tra_cu, D(2025, 7, 1)),
        (tra_cu, newest, D(2030, 1, 1)),
    ]:
        Succession.objects.create(predecessor=old, successor=new, kind="whole", effective_date=day)
    return tra_cu, newest


class SuccessionSelectorTests:
    def test_direct_links_both_ways(self, personas, chain):
        tra_cu, newest = chain
        assert [x.unit.code for x in selectors.predecessors(unit=tra_cu)] == ["29479", "29482"]
        assert [x.unit for x in selectors.successors(unit=tra_cu)] == [newest]

    def test_transitive_links_follow_several_steps_with_one_query_each(
        self, personas, chain, django_assert_max_num_queries
    ):
        _, newest = chain
        with django_assert_max_num_queries(3):
            links = selectors.all_predecessors(unit=newest)
        assert [(x.unit.name, x.step) for x in links] == [
            ("Xã Trà Cú", 1),
            ("Xã Ngãi Xuyên", 2),
            ("Xã Kim Sơn", 2),
        ]
        assert [x.unit for x in selectors.all_successors(unit=personas.commune_a_unit)] == [
            chain[0],
            newest,
        ]

    def test_transitive_links_stop_at_the_bound(self, personas, chain):
        _, newest = chain
        assert len(selectors.all_predecessors(unit=newest, max_steps=1)) == 1


class PathBoundTests:
    def test_the_bound_carries_like_a_base36_number(self) -> None:
        from smartrural.geo.models import path_upper_bound

        assert path_upper_bound("0000001") == "0000002"
        assert path_upper_bound("00000az") == "00000b0"
        assert path_upper_bound("000000z00000zz") == "000000z0000100"

    def test_every_descendant_path_lies_below_the_bound(self) -> None:
        from smartrural.geo.models import path_segment, path_upper_bound

        parent = path_segment(35)  # ends in "z": the bound must carry
        children = [parent + path_segment(pk) for pk in (1, 35, 36**7 - 1)]
        bound = path_upper_bound(parent)
        assert all(parent <= child < bound for child in children)
        assert not path_segment(36) < bound  # the next sibling is outside
