"""Subscribers rows of the endpoint access matrix (see smartrural/testing_matrix.py).

The data hang off Ngãi Xuyên (commune A): a subscriber of its hamlet Ấp Chợ, and one who
unsubscribed. Writes follow ``unit_write``; a form or file naming commune A's hamlet sent by a
writer outside it (Kim Sơn's officer, Càng Long's district officer) is a form error (422), not a
missing page.
"""

from __future__ import annotations

from collections.abc import Callable

from smartrural.surveys.tests.endpoints_households import _LazyBody, _Upload
from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

HAMLET_CODE = "2947901"
CSV = (
    "Ấp;Họ tên;Số điện thoại;Chủ đề;Kênh;Ngày đồng ý\n"
    f"{HAMLET_CODE};Trần Thị Mai;0977 111 222;Thời tiết và xâm nhập mặn;SMS;05/01/2026\n"
)


def _subscriber(p: Personas) -> int:
    from ..models import Subscriber
    from .factories import subscriber

    found = Subscriber.objects.filter(phone="84912345678").first()
    if found is None:
        found = subscriber(p.hamlet_a_unit, phone="84912345678", channels="sms")
    return found.pk


def _gone(p: Personas) -> int:
    from ..models import Subscriber, UnsubscribeReason
    from ..services.subscribers import subscriber_unsubscribe
    from .factories import subscriber

    found = Subscriber.objects.filter(phone="84987654321").first()
    if found is None:
        found = subscriber(p.hamlet_a_unit, phone="84987654321", channels="sms")
        subscriber_unsubscribe(subscriber=found, reason=UnsubscribeReason.STOP)
    return found.pk


def _body(version: str | None = None) -> Callable[[], dict[str, object]]:
    def build() -> dict[str, object]:
        from smartrural.geo.models import AdministrativeUnit

        hamlet = AdministrativeUnit.objects.get(code=HAMLET_CODE)
        body: dict[str, object] = {
            "hamlet": str(hamlet.pk),
            "name": "Lê Thị Bình",
            "phone": "0912 345 678" if version else "0933 444 555",
            "topics": ["weather"],
            "channel_1": "sms",
            "consent_on": "05/01/2026",
            "consent_source": "paper",
        }
        if version:
            body["version"] = version
        return body

    return build


def _consent() -> dict[str, object]:
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    return {"version": "2", "consent_on": today, "consent_source": "paper"}


def url(suffix: str, builder: Callable[[Personas], int] = _subscriber) -> Callable[[Personas], str]:
    return lambda p: f"/outreach/work/subscribers/{builder(p)}/{suffix}"


READ = logged_in(200, commune_b=404, other_district=404)
OPEN_FORM = logged_in(200, viewer_a=403)
HAMLET_WRITE = {**unit_write(302), "commune_b": 422, "other_district": 422}
BASE = "/outreach/work/subscribers/"

ENDPOINTS = officials_pages(
    [
        Endpoint("outreach:subscriber-list", "get", lambda p: BASE, logged_in(200)),
        Endpoint(
            "outreach:subscriber-list",
            "get",
            lambda p: (
                f"{BASE}?q=0912&hamlet={p.hamlet_a_unit.pk}&topic=weather&channel=sms&active=yes"
            ),
            logged_in(200),
        ),
        Endpoint("outreach:subscriber-create", "get", lambda p: f"{BASE}add/", OPEN_FORM),
        Endpoint(
            "outreach:subscriber-create",
            "post",
            lambda p: f"{BASE}add/",
            HAMLET_WRITE,
            body=_LazyBody(_body()),
        ),
        Endpoint("outreach:subscriber-import", "get", lambda p: f"{BASE}import/", OPEN_FORM),
        Endpoint(
            "outreach:subscriber-import",
            "post",
            lambda p: f"{BASE}import/",
            HAMLET_WRITE,
            body={"file": _Upload("nguoi-nhan.csv", CSV.encode("utf-8-sig"), "text/csv")},
        ),
        Endpoint(
            "outreach:subscriber-import-template",
            "get",
            lambda p: f"{BASE}import/template.xlsx",
            OPEN_FORM,
        ),
        Endpoint("outreach:subscriber-edit", "get", url(""), unit_write(200)),
        Endpoint(
            "outreach:subscriber-edit",
            "post",
            url(""),
            unit_write(302),
            body=_LazyBody(_body("1")),
        ),
        Endpoint(
            "outreach:subscriber-unsubscribe",
            "post",
            url("unsubscribe/"),
            unit_write(302),
            body={"version": "1"},
        ),
        Endpoint(
            "outreach:subscriber-resubscribe",
            "post",
            url("resubscribe/", _gone),
            unit_write(302),
            body=_LazyBody(_consent),
        ),
        Endpoint("outreach:subscriber-history", "get", url("history/"), READ),
    ]
)
