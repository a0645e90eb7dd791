"""Shared test fixtures: the personas every endpoint is tested with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from smartrural.testing import Personas, build_personas


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Files uploaded during the test run go to a throw-away folder, never var/media."""
    # override_settings (not assignment) so the storages hear of the change.
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()
