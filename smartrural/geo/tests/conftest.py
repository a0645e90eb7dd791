from __future__ import annotations

import pytest

from smartrural.demo.units import generate_demo_hamlets
from smartrural.geo.reference import load_reference_units


@pytest.fixture
def reference(db: None) -> None:
    """The shipped reference units and successions (2023 Trà Vinh, 2025 Vĩnh Long)."""
    load_reference_units()


@pytest.fixture
def reference_with_hamlets(reference: None) -> None:
    generate_demo_hamlets(seed=1)
