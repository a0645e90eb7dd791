"""Fixtures of feedback's tests."""

from __future__ import annotations

import pytest

from smartrural.feedback.models import Category
from smartrural.feedback.shipped import load_default_categories


@pytest.fixture(autouse=True)
def feedback_categories(request: pytest.FixtureRequest) -> None:
    """The shipped categories, loaded again when an earlier test emptied the tables (on
    PostgreSQL a transactional test's flush removes what the data migration seeded)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    load_default_categories(Category)
