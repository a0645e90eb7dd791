"""Shared test fixtures: the personas every endpoint is tested with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

from smartrural.testing import IN_2023, TODAY, Clock, Personas, build_personas


def _flushes_the_database(item: pytest.Item) -> bool:
    """A transactional test (``django_db(transaction=True)``, ``transactional_db``,
    ``live_server``): its teardown empties every table, what data migrations seeded included."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test's flush, put back what the data migrations seeded (the
    shipped feedback categories) for the tests after it. pytest-django runs transactional tests
    last, but a pytest-xdist worker (``--dist loadfile``) runs each file whole, so a later
    file's tests may follow one on the same database."""
    result = yield
    if nextitem is not None and _flushes_the_database(item):
        from smartrural.feedback.models import Category
        from smartrural.feedback.shipped import load_default_categories

        with item.config.stash[blocking_manager_key].unblock():
            load_default_categories(Category)
    return result


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: what one test cached (a public list's content,
    keyed by ids a rolled-back test may hand out again) never answers another test's request."""
    cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Files uploaded during the test run go to a throw-away folder, never var/media."""
    # override_settings (not assignment) so the storages hear of the change.
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def clock() -> Iterator[Clock]:
    """A clock a test sets (and sets again) with ``clock.set(day)``; put back afterwards."""
    moved = Clock()
    yield moved
    moved.close()


@pytest.fixture(params=[TODAY, IN_2023], ids=["today", "in-2023"])
def on_both_dates(request: pytest.FixtureRequest, clock: Clock) -> dt.date:
    """Runs the test twice: with the clock at 02/12/2026 and at 01/06/2023 (the day returned)."""
    return clock.set(request.param)


def _demo_snapshot(name: str, blocker: Any) -> Iterator[None]:
    from smartrural.demo.testing import (
        copy_into_test_database,
        restore_test_database,
        save_test_database,
    )

    with blocker.unblock():
        saved = save_test_database()
        copy_into_test_database(name)
    yield
    with blocker.unblock():
        restore_test_database(saved)


@pytest.fixture(scope="module")
def demo_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The whole demo (2022 to 11/2026) in the test database for the tests of a module; built
    once per demo content (``smartrural.demo.testing``), copied in milliseconds. Each test still
    needs ``db`` (its changes are rolled back)."""
    yield from _demo_snapshot("full", django_db_blocker)


@pytest.fixture(scope="module")
def demo_2023(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo as it stood on 01/06/2023, the seed article's day (see ``demo_db``)."""
    yield from _demo_snapshot("2023-06-01", django_db_blocker)
