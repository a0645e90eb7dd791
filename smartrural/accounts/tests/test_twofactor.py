from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartrural.testing import PASSWORD, Personas, code_for, confirmed_device

SETUP = "/accounts/2fa/setup/"
VERIFY = "/accounts/2fa/verify/"
DISABLE = "/accounts/2fa/disable/"


def _password_login(client: Client, username: str, **extra: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD, **extra})


@pytest.mark.django_db
class TwoFactorSetupTests:
    def test_it_shows_an_inline_qr_code_and_the_secret(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get(SETUP)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<svg" in content
        device = TOTPDevice.objects.get(user=personas.commune_a, confirmed=False)
        assert response.context["secret"].replace(" ", "") in device.config_url

    def test_a_correct_code_turns_it_on_and_verifies_the_session(self, personas) -> None:
        client = personas.client(personas.commune_a)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=personas.commune_a)
        response = client.post(SETUP, {"code": code_for(device), "next": "/accounts/me/"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/me/"
        device.refresh_from_db()
        assert device.confirmed
        # Verified in this session: pages open without asking for a code.
        assert client.get("/accounts/me/").status_code == 200

    def test_a_wrong_code_is_refused(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        client.get(SETUP)
        response = client.post(SETUP, {"code": "000000"})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert not TOTPDevice.objects.filter(user=personas.commune_a, confirmed=True).exists()

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().get(SETUP)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
class TwoFactorVerifyTests:
    def test_after_the_password_a_user_with_a_device_is_asked_the_code(self, personas) -> None:
        device = confirmed_device(personas.commune_a)
        client = Client()
        response = _password_login(client, "xa-29479", next="/accounts/me/")
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        # Other pages redirect to the code step until it is done.
        blocked = client.get("/accounts/me/")
        assert blocked["Location"].startswith(VERIFY)
        response = client.post(
            response["Location"], {"code": code_for(device), "next": "/accounts/me/"}
        )
        assert response["Location"] == "/accounts/me/"
        assert client.get("/accounts/me/").status_code == 200

    def test_a_wrong_code_keeps_the_user_out(self, personas: Personas) -> None:
        confirmed_device(personas.commune_a)
        client = Client()
        _password_login(client, "xa-29479")
        response = client.post(VERIFY, {"code": "123456"})
        assert response.status_code == 200
        assert client.get("/accounts/me/").status_code == 302

    def test_the_code_page_renders_and_anonymous_is_sent_to_login(self, personas) -> None:
        confirmed_device(personas.commune_a)
        client = Client()
        _password_login(client, "xa-29479")
        assert client.get(VERIFY).status_code == 200
        response = Client().get(VERIFY)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_an_offsite_next_is_ignored_after_the_code(self, personas: Personas) -> None:
        device = confirmed_device(personas.commune_a)
        client = Client()
        _password_login(client, "xa-29479")
        response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
        assert response["Location"] == "/accounts/me/"

    def test_the_api_refuses_a_session_that_still_owes_the_code(self, personas) -> None:
        device = confirmed_device(personas.commune_a)
        client = Client()
        _password_login(client, "xa-29479")
        assert client.get("/api/v1/accounts/me").status_code == 401
        client.post(VERIFY, {"code": code_for(device)})
        assert client.get("/api/v1/accounts/me").status_code == 200


@pytest.mark.django_db
class TwoFactorRequiredTests:
    @override_settings(REQUIRE_2FA_FOR_STAFF=True)
    def test_the_province_office_is_forced_to_set_it_up(self, personas: Personas) -> None:
        client = Client()
        _password_login(client, "vpdp")
        response = client.get("/accounts/users/")
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=personas.province)
        client.post(SETUP, {"code": code_for(device)})
        assert client.get("/accounts/users/").status_code == 200

    @override_settings(REQUIRE_2FA_FOR_STAFF=True)
    def test_other_roles_are_not_forced(self, personas: Personas) -> None:
        for user in (personas.district, personas.commune_a, personas.resident):
            assert personas.client(user).get("/accounts/me/").status_code == 200

    @override_settings(REQUIRE_2FA_FOR_STAFF=False)
    def test_without_the_setting_the_province_office_is_not_forced(self, personas) -> None:
        assert personas.client(personas.province).get("/accounts/me/").status_code == 200


@pytest.mark.django_db
class TwoFactorDisableTests:
    def _verified_client(self, personas: Personas, user) -> tuple[Client, TOTPDevice]:
        client = personas.client(user)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=user)
        client.post(SETUP, {"code": code_for(device)})
        device.refresh_from_db()
        return client, device

    def test_a_current_code_turns_it_off(self, personas: Personas) -> None:
        client, device = self._verified_client(personas, personas.commune_a)
        response = client.post(DISABLE, {"code": code_for(device, drift=1)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=personas.commune_a).exists()

    def test_a_wrong_code_leaves_it_on(self, personas: Personas) -> None:
        client, _device = self._verified_client(personas, personas.commune_a)
        client.post(DISABLE, {"code": "000000"})
        assert TOTPDevice.objects.filter(user=personas.commune_a, confirmed=True).exists()

    def test_get_is_not_allowed(self, personas: Personas) -> None:
        client, _device = self._verified_client(personas, personas.commune_a)
        assert client.get(DISABLE).status_code == 405

    @override_settings(REQUIRE_2FA_FOR_STAFF=True)
    def test_the_province_office_cannot_turn_it_off_while_required(self, personas) -> None:
        client, device = self._verified_client(personas, personas.province)
        response = client.post(DISABLE, {"code": code_for(device, drift=1)})
        assert response.status_code == 403
        assert TOTPDevice.objects.filter(user=personas.province, confirmed=True).exists()

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().post(DISABLE, {"code": "123456"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
