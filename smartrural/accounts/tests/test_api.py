from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from smartrural.accounts.models import ApiToken, Role
from smartrural.accounts.services import user_create, user_deactivate
from smartrural.accounts.tokens import api_token_create, api_token_revoke
from smartrural.testing import Personas

URL = "/api/v1/accounts/me"


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.django_db
class MeApiTests:
    def test_a_bearer_token_authenticates_with_the_users_scope(self, personas) -> None:
        token, raw = api_token_create(user=personas.district)
        response = Client().get(URL, headers=_bearer(raw))
        assert response.status_code == 200
        assert response.json() == {
            "username": "huyen-849",
            "role": "district_officer",
            "units": ["849"],
        }
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_the_province_office_has_no_unit_list(self, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.province)
        assert Client().get(URL, headers=_bearer(raw)).json()["units"] == []

    def test_a_browser_session_works_too(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get(URL)
        assert response.status_code == 200
        assert response.json()["units"] == ["29479"]

    def test_without_a_token_it_is_401(self) -> None:
        response = Client().get(URL)
        assert response.status_code == 401
        assert "detail" in response.json()

    def test_a_revoked_token_is_401(self, personas: Personas) -> None:
        token, raw = api_token_create(user=personas.commune_a)
        api_token_revoke(token=token)
        assert Client().get(URL, headers=_bearer(raw)).status_code == 401

    def test_a_made_up_token_is_401(self, personas: Personas) -> None:
        assert Client().get(URL, headers=_bearer("sr_deadbeef_nope")).status_code == 401

    def test_a_deactivated_users_token_is_401(self, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.commune_b)
        user_deactivate(user=personas.commune_b, by=personas.province)
        assert Client().get(URL, headers=_bearer(raw)).status_code == 401

    def test_a_demo_accounts_token_is_401_outside_the_demo_mode(
        self, personas: Personas, settings
    ) -> None:
        settings.DEMO_MODE = False
        demo = user_create(
            username="demo", role=Role.VIEWER, units=[personas.commune_a_unit], is_demo=True
        )
        token, raw = api_token_create(user=demo)
        response = Client().get(URL, headers=_bearer(raw))
        assert response.status_code == 401
        token.refresh_from_db()
        assert token.last_used_at is None  # refused before it counts as a use

    def test_a_demo_accounts_token_works_in_the_demo_mode(
        self, personas: Personas, settings
    ) -> None:
        settings.DEMO_MODE = True
        demo = user_create(
            username="demo", role=Role.VIEWER, units=[personas.commune_a_unit], is_demo=True
        )
        _token, raw = api_token_create(user=demo)
        response = Client().get(URL, headers=_bearer(raw))
        assert response.status_code == 200
        assert response.json()["username"] == "demo"


@pytest.mark.django_db
class ApiTokenCommandTests:
    def test_it_prints_only_a_working_token(self, personas: Personas, capsys) -> None:
        call_command("api_token", "xa-29479", "--name", "sync")
        raw = capsys.readouterr().out.strip()
        assert raw.startswith("sr_") and "\n" not in raw
        assert ApiToken.objects.get(user=personas.commune_a).name == "sync"
        response = Client().get(URL, headers=_bearer(raw))
        assert response.json()["username"] == "xa-29479"

    def test_list_shows_the_users_tokens(self, personas: Personas, capsys) -> None:
        token, _raw = api_token_create(user=personas.commune_a, name="excel")
        api_token_create(user=personas.commune_b, name="other")
        call_command("api_token", "xa-29479", "--list")
        out = capsys.readouterr().out
        assert token.prefix in out and "excel" in out and "còn hiệu lực" in out
        assert "chưa dùng lần nào" in out
        assert "other" not in out

    def test_revoke_by_prefix_stops_the_token(self, personas: Personas, capsys) -> None:
        token, raw = api_token_create(user=personas.commune_a)
        call_command("api_token", "xa-29479", "--revoke", token.prefix)
        assert capsys.readouterr().err.strip() == f"Đã thu hồi mã {token.prefix}."
        token.refresh_from_db()
        assert token.revoked_at is not None
        call_command("api_token", "xa-29479", "--list")
        assert "đã thu hồi lúc" in capsys.readouterr().out
        assert Client().get(URL, headers=_bearer(raw)).status_code == 401

    def test_an_unknown_user_is_a_clear_error(self, db) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match='Không có người dùng nào tên "ghost"'):
            call_command("api_token", "ghost")

    def test_someone_elses_prefix_is_an_error(self, personas: Personas) -> None:
        from django.core.management.base import CommandError

        token, _raw = api_token_create(user=personas.commune_b)
        with pytest.raises(CommandError):
            call_command("api_token", "xa-29479", "--revoke", token.prefix)
        token.refresh_from_db()
        assert token.revoked_at is None
