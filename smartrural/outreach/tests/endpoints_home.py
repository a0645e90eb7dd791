"""Outreach's home and one-click unsubscribe rows of the endpoint access matrix
(smartrural/testing_matrix.py). The unsubscribe link works for whoever holds it (it is the
secret), logged in or not; an unknown token is 404 for everyone."""

from __future__ import annotations

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, everyone, logged_in, officials_pages


def _token(p: Personas) -> str:
    from ..models import Subscriber
    from .factories import subscriber

    person = Subscriber.objects.filter(hamlet=p.hamlet_a_unit, unsubscribed_at=None).first()
    if person is None:
        person = subscriber(p.hamlet_a_unit, phone="84912345678")
    return person.token


ENDPOINTS: list[Endpoint] = [
    *officials_pages(
        [Endpoint("outreach:home", "get", lambda p: "/outreach/work/", logged_in(200))]
    ),
    Endpoint(
        "outreach-public:unsubscribe",
        "get",
        lambda p: f"/thong-bao/huy/{_token(p)}/",
        everyone(200),
    ),
    Endpoint(
        "outreach-public:unsubscribe",
        "post",
        lambda p: f"/thong-bao/huy/{_token(p)}/",
        everyone(200),
    ),
    Endpoint("outreach-public:unsubscribe", "get", lambda p: "/thong-bao/huy/nope/", everyone(404)),
]
