from __future__ import annotations

import pytest

from smartrural.testing import Personas

from .dataset import build_dataset


@pytest.fixture
def dataset(personas: Personas) -> Personas:
    return build_dataset(personas)
