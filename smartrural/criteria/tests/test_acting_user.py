"""The user a criteria page acts as: the signed-in user, and nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from smartrural.criteria.views.common import acting_user
from smartrural.testing import Personas


class ActingUserTests:
    def test_the_signed_in_user_is_the_actor(self, personas: Personas) -> None:
        request = RequestFactory().get("/criteria/")
        request.user = personas.commune_a
        assert acting_user(request) == personas.commune_a

    def test_an_anonymous_visitor_is_refused(self) -> None:
        request = RequestFactory().get("/criteria/")
        request.user = AnonymousUser()
        with pytest.raises(PermissionDenied):
            acting_user(request)
