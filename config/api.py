"""The JSON API (django-ninja), OpenAPI served locally at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from smartrural.accounts.middleware import second_factor_step
from smartrural.accounts.tokens import api_token_authenticate
from smartrural.core.deadline import DeadlineExceeded
from smartrural.core.errors import DomainError
from smartrural.core.overload import api_overload_handler
from smartrural.core.versioning import EditConflict


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

api = NinjaAPI(
    title="SmartRural API",
    version="1",
    description="Open data and officer operations of SmartRural. Authenticate with "
    "`Authorization: Bearer <token>` (`smartrural api_token <username>`) or a browser session.",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(EditConflict)
def on_edit_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    """409 with, per field, the value stored now and the value sent (``core.etag``)."""
    return api.create_response(request, exc.as_json(), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) if exc.args and isinstance(exc.args[0], str) else _("Not found.")
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Authentication required: log in or send a Bearer token.")},
        status=401,
    )


# A busy database or a request past its time limit: 503 with Retry-After (other database
# errors are re-raised: a 500).
api.add_exception_handler(DatabaseError, api_overload_handler)
api.add_exception_handler(DeadlineExceeded, api_overload_handler)


api.add_router("/units", "smartrural.geo.api.router")
api.add_router("/accounts", "smartrural.accounts.api.router")
api.add_router("", "smartrural.criteria.api.router")
api.add_router("", "smartrural.transformation.api.router")
