"""The acting user of a request: the signed-in user, never an anonymous one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from smartrural.accounts.actor import acting_user
from smartrural.testing import Personas


@pytest.mark.django_db
class ActingUserTests:
    def test_the_signed_in_user_is_the_actor(self, personas: Personas) -> None:
        request = RequestFactory().post("/")
        request.user = personas.commune_a
        assert acting_user(request) == personas.commune_a

    def test_an_anonymous_request_is_refused_not_written_as_nobody(self) -> None:
        request = RequestFactory().post("/")
        request.user = AnonymousUser()
        with pytest.raises(PermissionDenied):
            acting_user(request)
