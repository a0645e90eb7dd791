from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import lazy

from .dates import mid_year, parse_year, today
from .errors import ValidationFailed
from .menu import main_menu

# Names the installation's province on a date (None: the database has no such unit). Registered
# by the geo app (core knows nothing of units); until then the setting's name is shown.
ProvinceLookup = Callable[[dt.date], "str | None"]
_province_lookup: ProvinceLookup | None = None
PROVINCE_NAME_CACHE_SECONDS = 300
# Where a page keeps its reference period (``accounts.reference.note_reference``).
REFERENCE_ATTRIBUTE = "smartrural_reference"


def register_province_lookup(lookup: ProvinceLookup) -> None:
    global _province_lookup
    _province_lookup = lookup


def province_name(request: HttpRequest, day: dt.date) -> str:
    """The province valid on ``day`` as the database names it, else ``SMARTRURAL_PROVINCE_NAME``:
    looked up once per request and date, and kept in the cache for ``PROVINCE_NAME_CACHE_SECONDS``
    (every page shows it; a province is renamed once in decades)."""
    memo: dict[dt.date, str] = getattr(request, "_smartrural_province_names", None) or {}
    if day not in memo:
        key = f"core:province-name:{day.isoformat()}"
        found = cache.get(key)
        if found is None:
            found = _province_lookup(day) if _province_lookup is not None else None
            found = found or str(settings.PROVINCE_NAME)
            cache.set(key, found, PROVINCE_NAME_CACHE_SECONDS)
        memo[day] = found
        request._smartrural_province_names = memo  # type: ignore[attr-defined]
    return memo[day]


def units_as_of(request: HttpRequest) -> dt.date:
    """The date a page takes its units at: its reference period's (the reference-date rule), else
    1 July of the year its address names (``/criteria/<set>/<year>/<unit>/``), else today."""
    reference = getattr(request, REFERENCE_ATTRIBUTE, None)
    if reference is not None:
        return reference.as_of
    match = getattr(request, "resolver_match", None)
    try:
        year = parse_year(match.kwargs.get("year")) if match is not None else None
    except ValidationFailed:
        year = None
    return mid_year(year) if year is not None else today()


def site(request: HttpRequest) -> dict[str, Any]:
    # Every page says the date its units are taken at, and is headed by the province of that date:
    # a page of 2023 by Tỉnh Trà Vinh, one of today by the province that succeeded it.
    as_of = units_as_of(request)
    return {
        # Lazy: looked up only when a template shows it (not for htmx fragments).
        "PROVINCE_NAME": lazy(province_name, str)(request, as_of),
        "units_as_of": as_of,
        "SITE_NAME": settings.SITE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        # A request refused before the auth middleware ran (e.g. a bad Host header) has no
        # user: its error page still renders, with the anonymous menu.
        "nav_items": main_menu(getattr(request, "user", None)),
    }
