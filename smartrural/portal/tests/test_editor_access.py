"""The Wagtail admin (``/cms/``) for every persona: it is left out of the project's endpoint
matrix (hundreds of Wagtail routes) and tested here on the routes that name a portal's object:
anonymous → login, resident → 404, read-only → 403, another unit's page → 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, PERSONAS

from .factories import build_portals, news_index, publish_news

pytestmark = pytest.mark.django_db

ADMIN_READ: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 200,
    "district": 200,
    "commune_a": 200,
    "viewer_a": 403,
    "commune_b": 200,
    "other_district": 200,
    "resident": 404,
}
# Ngãi Xuyên's pages: its officer, its district and the province; the rest 404.
COMMUNE_A_PAGE: dict[str, int | str] = {**ADMIN_READ, "commune_b": 404, "other_district": 404}


def _news_edit(p: Personas) -> str:
    return f"/cms/pages/{publish_news(build_portals(p)['29479']).pk}/edit/"


def _index_listing(p: Personas) -> str:
    return f"/cms/pages/{news_index(build_portals(p)['29479']).pk}/"


def _add_news(p: Personas) -> str:
    return f"/cms/pages/add/portal/newspage/{news_index(build_portals(p)['29479']).pk}/"


ROUTES: list[tuple[str, Callable[[Personas], str], dict[str, int | str]]] = [
    ("dashboard", lambda p: (build_portals(p), "/cms/")[1], ADMIN_READ),
    ("edit", _news_edit, COMMUNE_A_PAGE),
    ("listing", _index_listing, COMMUNE_A_PAGE),
    ("add", _add_news, COMMUNE_A_PAGE),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "url", "expect"), ROUTES, ids=[r[0] for r in ROUTES])
def test_admin_access(
    personas: Personas,
    persona: str,
    name: str,
    url: Callable[[Personas], str],
    expect: dict[str, int | str],
) -> None:
    address = url(personas)
    user = None if persona == "anonymous" else getattr(personas, persona)
    response = personas.client(user).get(address)
    expected = expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (name, persona, response.status_code)
