"""Residents are residents: no officials' pages, personal data, API tokens or officers' wording."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from smartrural.accounts.models import ApiToken, Role
from smartrural.accounts.tokens import TOKEN_PREFIX, api_token_authenticate, api_token_create
from smartrural.testing import Personas
from smartrural.transformation.tests.endpoints_officials import IDENTIFIER, _event, _official

pytestmark = pytest.mark.django_db


class ResidentTests:
    def test_officials_pages_identity_codes_and_attendance_are_404(
        self, personas: Personas
    ) -> None:
        official, event = _official(personas), _event(personas)
        pages = [
            "/transformation/officials/",
            f"/transformation/officials/{official}/",
            "/transformation/trainings/",
            f"/transformation/trainings/{event}/",
            "/transformation/",
            "/dashboard/",
            "/criteria/",
            "/dossiers/",
            "/criteria-sets/",
            "/accounts/users/",
        ]
        resident = personas.client(personas.resident)
        officer = personas.client(personas.district)
        for url in pages:
            response = resident.get(url)
            assert response.status_code == 404, url
            assert IDENTIFIER not in response.content.decode()
            # The same pages are there for Trà Cú's officer.
            assert officer.get(url).status_code == 200, url
        attendance = resident.post(
            f"/transformation/trainings/{event}/participants/attendance/", {}
        )
        assert attendance.status_code == 404

    def test_a_resident_has_no_token_section_and_cannot_make_one(self, personas: Personas) -> None:
        client = personas.client(personas.resident)
        page = client.get("/accounts/me/").content.decode()
        assert "/accounts/me/tokens/" not in page
        assert "Mã truy cập API" not in page
        assert client.post("/accounts/me/tokens/", {"name": "laptop"}).status_code == 404
        assert not ApiToken.objects.filter(user=personas.resident).exists()
        with pytest.raises(PermissionDenied):
            api_token_create(user=personas.resident, name="laptop")
        with pytest.raises(CommandError):
            call_command("api_token", personas.resident.username)

    def test_a_token_made_before_the_role_changed_stops_working(self, personas: Personas) -> None:
        _token, raw = api_token_create(user=personas.commune_a, name="laptop")
        assert api_token_authenticate(raw) == personas.commune_a
        personas.commune_a.role = Role.RESIDENT
        personas.commune_a.save()
        assert raw.startswith(TOKEN_PREFIX)
        assert api_token_authenticate(raw) is None
        response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 401

    def test_the_menu_has_no_officers_items(self, personas: Personas) -> None:
        page = personas.client(personas.resident).get("/lam-viec/").content.decode()
        for href in ("/dashboard/", "/criteria/", "/dossiers/", "/transformation/"):
            assert f'href="{href}"' not in page, href
        assert 'href="/results/"' in page
        assert 'href="/accounts/me/"' in page
        assert 'href="/feedback/"' in page and 'href="/feedback/work/"' not in page
        anonymous = Client().get("/lam-viec/").content.decode()
        assert 'href="/feedback/"' in anonymous and "Phản ánh, kiến nghị của người dân" in anonymous
        officer = personas.client(personas.commune_a).get("/lam-viec/").content.decode()
        assert 'href="/dashboard/"' in officer
        assert 'href="/feedback/work/"' in officer and 'href="/feedback/"' not in officer

    def test_a_superuser_with_the_resident_role_is_still_an_official(
        self, personas: Personas
    ) -> None:
        personas.resident.is_superuser = True
        personas.resident.save()
        assert not personas.resident.is_resident
        assert personas.client(personas.resident).get("/dashboard/").status_code == 200
