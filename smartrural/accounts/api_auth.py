"""How the API knows who calls: a Bearer token or the browser session, and the public
operations' "anyone" (mounted by config.api, used by every app's router).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .middleware import second_factor_step
from .tokens import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with the token's user and that user's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser session (CSRF-checked for writes).

    Without a logged-in session there is nothing to protect from CSRF: answer "not
    authenticated" (401) instead of letting the CSRF check answer 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if second_factor_step(user) is not None:
            return None  # logged in with the password only: the second factor is still owed
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not getattr(user, "is_active", False):
            return None
        return user


def anonymous(request: HttpRequest) -> Any:
    """Lets public (open data) operations through for everyone."""
    request.user = getattr(request, "user", None) or AnonymousUser()
    return AnonymousUser()


AUTH = [BearerTokenAuth(), ActiveSessionAuth()]
PUBLIC = [*AUTH, anonymous]
# Public operations say so in the OpenAPI: an empty requirement means "no credentials needed".
PUBLIC_DOC: dict[str, Any] = {"security": [{}]}
