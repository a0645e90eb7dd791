from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import Client

from smartrural.accounts.models import ApiToken
from smartrural.accounts.tokens import api_token_create
from smartrural.testing import Personas, confirmed_device

ME = "/accounts/me/"


@pytest.mark.django_db
class AccountPageTests:
    def test_it_shows_the_role_and_units_with_links_on_a_valid_date(self, personas) -> None:
        response = personas.client(personas.commune_a).get(ME)
        assert response.status_code == 200
        content = response.content.decode()
        assert "xa-29479@example.test" in content
        assert "Xã Ngãi Xuyên" in content
        # The unit ended on 30/06/2025: its link asks for a date it still existed.
        assert 'href="/units/29479/?as_of=2025-06-30"' in content

    def test_it_shows_whether_two_factor_is_on(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        assert b"/accounts/2fa/setup/" in client.get(ME).content
        confirmed_device(personas.commune_a)
        # A fresh session owes the code now; the page is behind the code step.
        assert client.get(ME)["Location"].startswith("/accounts/2fa/verify/")

    def test_every_role_can_open_it(self, personas: Personas) -> None:
        for user in (personas.province, personas.viewer_a, personas.resident):
            assert personas.client(user).get(ME).status_code == 200

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().get(ME)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/accounts/me/"


@pytest.mark.django_db
class TokenPageTests:
    def test_creating_a_token_shows_it_once(self, personas: Personas) -> None:
        client = personas.client(personas.viewer_a)
        response = client.post("/accounts/me/tokens/", {"name": "Excel"})
        assert response.status_code == 200
        raw = response.context["raw"]
        assert raw.startswith("sr_") and raw in response.content.decode()
        assert response["Cache-Control"] == "no-store"
        token = ApiToken.objects.get(user=personas.viewer_a)
        assert token.name == "Excel"
        page = client.get(ME).content.decode()
        assert token.prefix in page
        assert raw not in page

    def test_the_list_shows_times_in_vietnam_time(self, personas: Personas) -> None:
        token, _raw = api_token_create(user=personas.commune_a, name="sync")
        when = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)
        ApiToken.objects.filter(pk=token.pk).update(created_at=when, last_used_at=when)
        content = personas.client(personas.commune_a).get(ME).content.decode()
        assert content.count("02/03/2026 03:30") == 2
        local = when.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        assert local.strftime("%d/%m/%Y %H:%M") == "02/03/2026 03:30"

    def test_revoking_your_own_token_works(self, personas: Personas) -> None:
        token, _raw = api_token_create(user=personas.commune_a)
        client = personas.client(personas.commune_a)
        response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/")
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        page = client.get(ME).content.decode()
        assert f"/accounts/me/tokens/{token.pk}/revoke/" not in page  # no revoke button left
        assert "badge-err" in page

    def test_someone_elses_token_is_404(self, personas: Personas) -> None:
        token, _raw = api_token_create(user=personas.commune_b)
        response = personas.client(personas.commune_a).post(
            f"/accounts/me/tokens/{token.pk}/revoke/"
        )
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_revoke_by_get_is_not_allowed(self, personas: Personas) -> None:
        token, _raw = api_token_create(user=personas.commune_a)
        client = personas.client(personas.commune_a)
        assert client.get(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 405

    def test_anonymous_cannot_create_tokens(self) -> None:
        response = Client().post("/accounts/me/tokens/", {"name": "x"})
        assert response.status_code == 302
        assert ApiToken.objects.count() == 0
