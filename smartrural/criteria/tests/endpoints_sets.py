"""Rows of the endpoint access matrix for the criteria set pages.

Sets are province-wide (no unit scope): every logged-in user reads them; only the province
office changes them (403 for everyone else).
"""

from __future__ import annotations

from collections.abc import Callable

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages

from .factories import stored_set

PROVINCE_ONLY = logged_in(403, province=302)


def _set_url(suffix: str) -> Callable[[Personas], str]:
    def build(personas: Personas) -> str:
        if not stored_set_exists():
            stored_set()
        return f"/criteria-sets/T-XA/{suffix}"

    return build


def stored_set_exists() -> bool:
    from smartrural.criteria.models import CriteriaSet

    return CriteriaSet.objects.filter(code="T-XA").exists()


ENDPOINTS: list[Endpoint] = [
    Endpoint("criteria_sets:list", "get", lambda p: "/criteria-sets/", logged_in(200)),
    Endpoint("criteria_sets:detail", "get", _set_url(""), logged_in(200)),
    Endpoint(
        "criteria_sets:derive",
        "post",
        _set_url("derive/"),
        PROVINCE_ONLY,
        body={"code": "TV-T-XA", "name": "Biến thể của tỉnh"},
    ),
    Endpoint(
        "criteria_sets:threshold",
        "post",
        _set_url("threshold/"),
        PROVINCE_ONLY,
        body={"indicator_code": "3.1", "value": "82", "note": "QĐ của tỉnh"},
    ),
    Endpoint("criteria_sets:import", "post", lambda p: "/criteria-sets/import/", PROVINCE_ONLY),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
