"""API authentication as a real client meets it (CSRF enforced, as in a browser)."""

from __future__ import annotations

import json

from django.test import Client

from smartrural.accounts.tokens import api_token_create
from smartrural.testing import Personas

AS_OF = "2023-06-01"
HAMLET = {"name": "Ấp Mới", "code": "2947909", "kind": "ap"}


def post_hamlet(client: Client, **headers: str) -> tuple[int, dict[str, object]]:
    response = client.post(
        f"/api/v1/units/29479/hamlets?as_of={AS_OF}",
        data=json.dumps(HAMLET),
        content_type="application/json",
        headers=headers,
    )
    return response.status_code, response.json()


class ApiAuthenticationTests:
    def test_anonymous_write_gets_401_not_a_csrf_error(self, personas: Personas) -> None:
        status, body = post_hamlet(Client(enforce_csrf_checks=True))
        assert status == 401
        assert "detail" in body

    def test_session_write_without_csrf_token_is_refused(self, personas: Personas) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(personas.commune_a)
        status, _body = post_hamlet(client)
        assert status == 403

    def test_bearer_token_write_needs_no_csrf_token(self, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.commune_a, name="ci")
        status, body = post_hamlet(Client(enforce_csrf_checks=True), Authorization=f"Bearer {raw}")
        assert status == 201, body
        assert body["name"] == "Ấp Mới"

    def test_bearer_token_of_another_commune_gets_404(self, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.commune_b)
        status, _body = post_hamlet(Client(), Authorization=f"Bearer {raw}")
        assert status == 404

    def test_unknown_token_gets_401(self, personas: Personas) -> None:
        status, _body = post_hamlet(Client(), Authorization="Bearer sr_deadbeef_nope")
        assert status == 401
