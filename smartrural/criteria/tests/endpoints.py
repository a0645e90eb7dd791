"""This app's page rows of the endpoint access matrix (see smartrural/testing_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smartrural.criteria.models import CriteriaSet
from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, Endpoint, logged_in, officials_pages, unit_write

from .factories import stored_set

if TYPE_CHECKING:
    from smartrural.criteria.models import CriteriaSet, IndicatorValue

SET, YEAR = "T-XA", 2023
# Reading a unit's entry pages: anyone whose scope holds commune A; others 404.
READ = logged_in(200, commune_b=404, other_district=404)
# District review of commune A: its district and the province; others in scope 403.
REVIEW: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 302,
    "district": 302,
    "commune_a": 403,
    "viewer_a": 403,
    "commune_b": 404,
    "other_district": 404,
    "resident": 403,
}
MATRIX_FILE = "evidence/matrix/matrix.pdf"


def _set() -> CriteriaSet:
    from smartrural.criteria.models import CriteriaSet

    from .factories import stored_set

    return CriteriaSet.objects.filter(code=SET).first() or stored_set()


def _value(p: Personas) -> IndicatorValue:
    from smartrural.criteria.models import IndicatorValue

    criteria_set = _set()
    value, _created = IndicatorValue.objects.get_or_create(
        unit=p.commune_a_unit,
        criteria_set=criteria_set,
        year=YEAR,
        indicator_code="3.1",
        defaults={"value": "85", "number": 85},
    )
    return value


def unit_url(suffix: str = "", *, with_value: bool = False) -> Callable[[Personas], str]:
    """A page of commune A for the test set ``T-XA`` in 2023 (stored first, with a value)."""

    def build(p: Personas) -> str:
        if with_value:
            _value(p)
        else:
            _set()
        return f"/criteria/{SET}/{YEAR}/{p.commune_a_unit.code}/{suffix}"

    return build


def evidence_url(p: Personas) -> str:
    """The download URL of an evidence file of commune A's value 3.1 (a fixed small file)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from smartrural.criteria.models import Evidence

    value = _value(p)
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence = Evidence.objects.create(
        value=value, file=MATRIX_FILE, original_name="matrix.pdf", size=15, content_type="x"
    )
    return f"/criteria/{SET}/{YEAR}/{p.commune_a_unit.code}/3.1/evidence/{evidence.pk}/"


ENDPOINTS: list[Endpoint] = [
    Endpoint("criteria:entry-home", "get", lambda p: "/criteria/", logged_in(200)),
    Endpoint("criteria:entry", "get", unit_url(), READ),
    Endpoint(
        "criteria:entry",
        "post",
        unit_url(),
        unit_write(302),
        body={"value_3.1": "85,2", "comment_3.1": "", "version_3.1": "0", "action": "save"},
    ),
    Endpoint(
        "criteria:entry-check",
        "post",
        unit_url("check/"),
        unit_write(200),
        body={"value_3.1": "79,9"},
    ),
    Endpoint("criteria:workbook-template", "get", unit_url("template.xlsx"), READ),
    Endpoint("criteria:workbook-upload", "get", unit_url("upload/"), unit_write(200)),
    # No file: the form is refused (422) once past the gate.
    Endpoint("criteria:workbook-upload", "post", unit_url("upload/"), unit_write(422)),
    Endpoint("criteria:evidence-upload", "get", unit_url("3.1/evidence/", with_value=True), READ),
    # Not an accepted type: refused (422) once past the gate; nothing is stored.
    Endpoint(
        "criteria:evidence-upload",
        "post",
        unit_url("3.1/evidence/", with_value=True),
        unit_write(422),
    ),
    Endpoint("criteria:evidence-download", "get", evidence_url, READ),
    Endpoint(
        "criteria:value-return",
        "get",
        unit_url("3.1/return/", with_value=True),
        {**REVIEW, "province": 200, "district": 200},
    ),
    Endpoint(
        "criteria:value-return",
        "post",
        unit_url("3.1/return/", with_value=True),
        REVIEW,
        body={"comment": "Thiếu biên bản", "version": "1"},
    ),
    # A value's history: readable by anyone whose scope holds commune A, even once cleared.
    Endpoint("criteria:value-history", "get", unit_url("3.1/history/", with_value=True), READ),
    Endpoint(
        "criteria:value-accept",
        "post",
        unit_url("3.1/accept/", with_value=True),
        REVIEW,
        body={"version": "1"},
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)


def criteria_url(path: str) -> Callable[[Personas], str]:
    """A criteria API URL; the small test criteria set ``T-XA`` is stored first."""

    def build(p: Personas) -> str:
        if not CriteriaSet.objects.filter(code="T-XA").exists():
            stored_set()
        return path

    return build
