"""Require two-factor authentication for the province office when the installation asks for it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from .access import Visitor
from .models import User
from .services import totp_required_for

# Paths a user who still owes a second factor may reach.
_EXEMPT_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


def second_factor_step(user: Visitor) -> str | None:
    """The URL name of the 2FA step a logged-in user must pass first, or None."""
    if not isinstance(user, User):
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    if user_has_device(user):
        return "accounts:2fa-verify"  # whoever enrolled a device must use it
    if totp_required_for(user):
        return "accounts:2fa-setup"
    return None


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API answers 401 itself for sessions that owe a second factor (accounts/api_auth.py).
        if request.path.startswith(_EXEMPT_PREFIXES) or request.path.startswith("/api/"):
            return self.get_response(request)
        step = second_factor_step(request.user)
        if step is not None:
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
