"""Demo hamlets: 3–9 per 2023 commune, carried to the successors, generated once."""

from __future__ import annotations

from datetime import date as D

import pytest

from smartrural.demo.units import generate_demo_hamlets
from smartrural.geo import selectors
from smartrural.geo.models import AdministrativeUnit, Succession
from smartrural.geo.reference import load_reference_units


@pytest.fixture
def reference_with_hamlets(db: None) -> None:
    load_reference_units()
    generate_demo_hamlets(seed=1)


@pytest.mark.usefixtures("reference_with_hamlets")
class DemoHamletTests:
    def test_every_2023_commune_has_3_to_9_demo_hamlets(self):
        for commune in AdministrativeUnit.objects.filter(
            level="commune", valid_to__lt=D(2025, 7, 1)
        ):
            hamlets = list(commune.children.all())
            assert 3 <= len(hamlets) <= 9, commune
            assert all(h.is_demo and h.code.startswith(commune.code) for h in hamlets)
            assert all(h.valid_to == commune.valid_to for h in hamlets)
            expected_kind = "khom" if commune.kind == "phuong" else "ap"
            assert {h.kind for h in hamlets} == {expected_kind}

    def test_merged_commune_carries_the_hamlets_of_its_predecessors(self):
        new = selectors.unit_by_code(code="29489", as_of=D(2025, 8, 1))
        assert new is not None
        old_count = AdministrativeUnit.objects.filter(
            parent__code__in=["29482", "29488", "29489"], valid_to=D(2025, 6, 30)
        ).count()
        hamlets = list(selectors.children(unit=new, as_of=D(2025, 8, 1)))
        assert len(hamlets) == old_count
        assert len({h.name for h in hamlets}) == len(hamlets)
        first = hamlets[0]
        assert [x.succession.kind for x in selectors.predecessors(unit=first)] == ["unchanged"]

    def test_generating_again_changes_nothing(self):
        before = (AdministrativeUnit.objects.count(), Succession.objects.count())
        result = generate_demo_hamlets(seed=1)
        assert result["hamlets"].created == 0
        assert (AdministrativeUnit.objects.count(), Succession.objects.count()) == before
