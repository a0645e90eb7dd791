"""Message templates rows of the endpoint access matrix (see smartrural/testing_matrix.py).

A template of Ngãi Xuyên (commune A). Writes follow ``unit_write``; a new template for commune A
sent by a writer outside it is a form error (422): commune A is not among their units."""

from __future__ import annotations

from collections.abc import Callable

from smartrural.surveys.tests.endpoints_households import _LazyBody
from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

BASE = "/outreach/work/templates/"
TEXTS = {
    "name": "Lịch tiêm chủng",
    "topic": "health",
    "subject": "Thông báo {{ ten_ap }}",
    "body": "Kính gửi {{ ten }}: lịch tiêm chủng tháng này.",
    "sms_body": "",
    "zns_template_id": "",
    "zns_text": "",
    "active": "on",
}


def _template(p: Personas) -> int:
    from ..models import Template
    from .factories import template

    found = Template.objects.filter(unit=p.commune_a_unit).first()
    if found is None:
        found = template(p.commune_a_unit)
    return found.pk


def _create_body() -> dict[str, object]:
    from smartrural.geo.models import AdministrativeUnit

    return {**TEXTS, "unit": str(AdministrativeUnit.objects.get(code="29479").pk)}


def url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"{BASE}{_template(p)}/{suffix}"


READ = logged_in(200, commune_b=404, other_district=404)
UNIT_FORM = {**unit_write(302), "commune_b": 422, "other_district": 422}

ENDPOINTS = officials_pages(
    [
        Endpoint("outreach:template-list", "get", lambda p: BASE, logged_in(200)),
        Endpoint(
            "outreach:template-create", "get", lambda p: f"{BASE}add/", logged_in(200, viewer_a=403)
        ),
        Endpoint(
            "outreach:template-create",
            "post",
            lambda p: f"{BASE}add/",
            UNIT_FORM,
            body=_LazyBody(_create_body),
        ),
        Endpoint("outreach:template-edit", "get", url(""), unit_write(200)),
        Endpoint(
            "outreach:template-edit",
            "post",
            url(""),
            unit_write(302),
            body={**TEXTS, "version": "1", "action": "save"},
        ),
        Endpoint(
            "outreach:template-edit",
            "post",
            url(""),
            unit_write(200),
            body={**TEXTS, "version": "1", "action": "check"},
        ),
        Endpoint("outreach:template-preview", "get", url("preview/"), READ),
        Endpoint("outreach:template-history", "get", url("history/"), READ),
    ]
)
