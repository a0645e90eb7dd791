"""Building blocks of the endpoint access matrix (smartrural/core/tests/test_endpoint_matrix.py).

Each app lists its endpoints in ``smartrural/<app>/tests/endpoints.py`` as ``ENDPOINTS``: one
``Endpoint`` per URL name and method with the expected status for every persona.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.test import Client

from smartrural.accounts.tokens import api_token_create
from smartrural.testing import Personas

AS_OF = "2023-06-01"
LOGIN = "login"  # expected: redirected to the login page

PERSONAS = (
    "anonymous",
    "province",
    "district",
    "commune_a",
    "viewer_a",
    "commune_b",
    "other_district",
    "resident",
)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Personas], str]
    expect: dict[str, int | str]
    body: dict[str, object] = field(default_factory=dict)
    json_body: bool = False
    # A body sent as it is: (content type, bytes), e.g. ("text/csv", b"indicator,value").
    raw_body: tuple[str, bytes] | None = None

    def request(self, client: Client, url: str) -> Any:
        """The endpoint's request to ``url`` (built once: a builder may create records) as
        ``client``, with its body in the endpoint's form."""
        call = getattr(client, self.method)
        if self.raw_body is not None:
            content_type, data = self.raw_body
            return call(url, data=data, content_type=content_type)
        if self.json_body:
            return call(url, data=json.dumps(self.body), content_type="application/json")
        if self.method == "patch":
            return call(url, data=self.body)
        return call(url, data=self.body) if self.body else call(url)


def everyone(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    return {persona: overrides.get(persona, status) for persona in PERSONAS}


def logged_in(status: int, **overrides: int | str) -> dict[str, int | str]:
    return everyone(status, anonymous=LOGIN, **overrides)


def api_logged_in(status: int, **overrides: int | str) -> dict[str, int | str]:
    return everyone(status, anonymous=401, **overrides)


# Writes inside Ngãi Xuyên (commune A): its officer, its district and the province may;
# Kim Sơn's officer and Càng Long's district officer get 404; read-only roles get 403.
UNIT_WRITE = {
    "province": 200,
    "district": 200,
    "commune_a": 200,
    "viewer_a": 403,
    "commune_b": 404,
    "other_district": 404,
    "resident": 403,
}
# User management of commune A's officer: managers in scope may; other managers get 404;
# everyone else is no manager at all (403).
USER_MANAGE = {
    "province": 200,
    "district": 200,
    "other_district": 404,
    "commune_a": 403,
    "viewer_a": 403,
    "commune_b": 403,
    "resident": 404,  # user management is an officials' page (``officials_only``)
}


def unit_write(ok: int, *, anonymous: int | str = LOGIN) -> dict[str, int | str]:
    return {"anonymous": anonymous, **{k: (ok if v == 200 else v) for k, v in UNIT_WRITE.items()}}


def user_manage(ok: int, **overrides: int) -> dict[str, int | str]:
    expect = {k: (ok if v == 200 else v) for k, v in USER_MANAGE.items()}
    return {"anonymous": LOGIN, **expect, **overrides}


def token_of(personas: Personas) -> int:
    """A token of commune A's officer (created for the revoke endpoint)."""
    token, _raw = api_token_create(user=personas.commune_a, name="matrix")
    return token.pk


def commune_a_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/units/{p.commune_a_unit.code}/{suffix}?as_of={AS_OF}"


def hamlet_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/units/{p.hamlet_a_unit.code}/{suffix}?as_of={AS_OF}"


def user_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/accounts/users/{p.commune_a.pk}/{suffix}"


# Reading a unit's criteria data: anyone whose scope holds commune A; others 404.
UNIT_READ = api_logged_in(200, commune_b=404, other_district=404)


def officials_pages(endpoints: list[Endpoint]) -> list[Endpoint]:
    """``endpoints`` with every page (not the API's operations) answering 404 to the resident:
    the officials' areas (``accounts.decorators.officials_area``) do not exist for residents,
    whatever the page answers the other personas."""
    return [
        endpoint
        if endpoint.name.startswith("api:")
        else replace(endpoint, expect={**endpoint.expect, "resident": 404})
        for endpoint in endpoints
    ]
