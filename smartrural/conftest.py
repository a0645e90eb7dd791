"""Shared test fixtures: the personas every endpoint is tested with."""

from __future__ import annotations

import pytest

from smartrural.testing import Personas, build_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()
