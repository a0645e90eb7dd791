"""What a POST looks up, cached per process for a short time: the service (category), the
province and the place. A busy client posts many reports a second, while categories and units
change a few times a year: an office's change reaches the API within ``SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db.models import Case, Q, Value, When

from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Category
from ..routing import Route, route

SECONDS = 10.0
MAX_ENTRIES = 1000

T = TypeVar("T")
_cache: dict[tuple[object, ...], tuple[float, object]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the cache (tests; a change made in this process that must show at once)."""
    with _lock:
        _cache.clear()


def _cached(key: tuple[object, ...], load: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < SECONDS:
        return hit[1]  # type: ignore[return-value]
    value = load()
    with _lock:
        if len(_cache) >= MAX_ENTRIES:  # unknown codes must not grow it without bound
            _cache.clear()
        _cache[key] = (now, value)
    return value


def leaf_category(code: str, *, cached: bool = True) -> Category | None:
    """The active category ``code`` when it has no active sub-category (an Open311 service);
    ``cached=False`` reads the database (pages that show the category)."""

    def load() -> Category | None:
        category = Category.objects.filter(code=code, active=True).first()
        if category is None or category.children.filter(active=True).exists():
            return None
        return category

    return _cached(("category", code), load) if cached else load()


def province_on(day: dt.date) -> AdministrativeUnit | None:
    """The installation's province on ``day`` (or the one that succeeded it)."""
    code = str(settings.PROVINCE_CODE)

    def load() -> AdministrativeUnit | None:
        return (
            AdministrativeUnit.objects.valid_on(day)
            .filter(level=Level.PROVINCE)
            .filter(Q(code=code) | Q(successions_in__predecessor__code=code))
            .annotate(other=Case(When(code=code, then=Value(0)), default=Value(1)))
            .order_by("other", "path")
            .first()
        )

    return _cached(("province", code, day), load)


def place_on(code: str, day: dt.date, province: AdministrativeUnit) -> AdministrativeUnit | None:
    """The hamlet or commune ``code`` valid on ``day`` inside ``province``."""

    def load() -> AdministrativeUnit | None:
        return (
            AdministrativeUnit.objects.valid_on(day)
            .under(province.path)
            .filter(code=code, level__in=(Level.HAMLET, Level.COMMUNE))
            .first()
        )

    return _cached(("place", code, day, province.pk), load)


def route_of(place: AdministrativeUnit, category: Category, day: dt.date) -> Route:
    """Where a report about ``place`` in ``category`` goes on ``day`` (``routing.route``)."""
    return _cached(("route", place.pk, category.pk, day), lambda: route(place, category))
