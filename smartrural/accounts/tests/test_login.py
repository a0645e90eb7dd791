from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from smartrural.accounts.models import Role
from smartrural.accounts.services import user_create, user_deactivate
from smartrural.testing import PASSWORD, Personas

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.mark.django_db
class LoginTests:
    def test_the_login_page_shows_the_form(self) -> None:
        response = Client().get(LOGIN)
        assert response.status_code == 200
        assert b'name="username"' in response.content
        assert b'name="password"' in response.content

    def test_it_logs_in_by_user_name(self, personas: Personas) -> None:
        client = Client()
        response = _login(client, "xa-29479")
        assert response.status_code == 302
        assert response["Location"] == "/lam-viec/"
        assert client.get("/accounts/me/").status_code == 200

    def test_it_logs_in_by_email_in_any_case(self, personas: Personas) -> None:
        client = Client()
        response = _login(client, "XA-29479@Example.test")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == personas.commune_a.pk

    def test_a_wrong_password_is_refused_with_a_message(self, personas: Personas) -> None:
        client = Client()
        response = _login(client, "xa-29479", "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert response.context["form"].errors

    def test_an_inactive_account_cannot_log_in(self, personas: Personas) -> None:
        user_deactivate(user=personas.commune_b, by=personas.province)
        client = Client()
        _login(client, "xa-29482")
        assert "_auth_user_id" not in client.session

    @override_settings(DEMO_MODE=False)
    def test_a_demo_account_is_refused_outside_the_demo_mode(self, personas: Personas) -> None:
        user_create(
            username="demo",
            role=Role.VIEWER,
            units=[personas.commune_a_unit],
            password=PASSWORD,
            is_demo=True,
        )
        client = Client()
        _login(client, "demo")
        assert "_auth_user_id" not in client.session

    @override_settings(DEMO_MODE=True)
    def test_a_demo_account_logs_in_in_the_demo_mode(self, personas: Personas) -> None:
        user_create(
            username="demo",
            role=Role.VIEWER,
            units=[personas.commune_a_unit],
            password=PASSWORD,
            is_demo=True,
        )
        client = Client()
        response = _login(client, "demo")
        assert response.status_code == 302
        assert "_auth_user_id" in client.session

    def test_a_safe_next_is_honoured(self, personas: Personas) -> None:
        response = _login(Client(), "xa-29479", next="/accounts/me/")
        assert response["Location"] == "/accounts/me/"

    def test_an_offsite_next_is_ignored(self, personas: Personas) -> None:
        response = _login(Client(), "xa-29479", next="https://evil.example/")
        assert response["Location"] == "/lam-viec/"

    def test_logging_in_rotates_the_session_key(self, personas: Personas) -> None:
        client = Client()
        client.get(LOGIN)
        session = client.session
        session["marker"] = "x"
        session.save()
        before = session.session_key
        _login(client, "xa-29479")
        assert client.session.session_key != before

    def test_an_authenticated_user_is_logged_out_by_post(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_logout_by_get_is_not_allowed(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        assert client.get("/accounts/logout/").status_code == 405


@pytest.mark.django_db
class LockoutTests:
    def test_five_failures_lock_the_login_and_say_when_to_retry(
        self, personas: Personas, settings
    ) -> None:
        assert settings.AXES_ENABLED
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert _login(client, "xa-29479", "wrong-password").status_code == 200
        response = _login(client, "xa-29479", "wrong-password")
        assert response.status_code == 429
        assert "accounts/locked_out.html" in [t.name for t in response.templates]
        assert response.context["cooloff_timedelta"] == dt.timedelta(minutes=15)
        assert "15" in response.content.decode()  # the minutes to wait, in any language
        # Even the right password is refused while locked.
        response = _login(client, "xa-29479")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_lockout_of_one_user_does_not_lock_another(self, personas, settings) -> None:
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "xa-29479", "wrong-password")
        response = _login(client, "xa-29482")
        assert response.status_code == 302


@pytest.mark.django_db
class SessionSecurityTests:
    def test_a_deactivated_users_session_stops_working(self, personas: Personas) -> None:
        client = Client()
        _login(client, "xa-29479")
        assert client.get("/accounts/me/").status_code == 200
        user_deactivate(user=personas.commune_a, by=personas.province)
        response = client.get("/accounts/me/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_a_password_change_elsewhere_ends_other_sessions(self, personas: Personas) -> None:
        client = Client()
        _login(client, "xa-29479")
        personas.commune_a.set_password("another-password-42")
        personas.commune_a.save()
        assert client.get("/accounts/me/").status_code == 302
