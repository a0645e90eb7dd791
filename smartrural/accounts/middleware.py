"""Require two-factor authentication for the province office when the installation asks for it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import Role

# Paths a user who still owes a second factor may reach.
_EXEMPT_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


def needs_second_factor(user: object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    from django_otp import user_has_device

    if user_has_device(user):
        return True  # whoever enrolled a device must use it
    return bool(
        settings.REQUIRE_2FA_FOR_STAFF
        and (
            getattr(user, "role", None) == Role.PROVINCE_OFFICE
            or getattr(user, "is_superuser", False)
        )
    )


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.path.startswith(_EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
            and needs_second_factor(request.user)
        ):
            from django_otp import user_has_device

            target = (
                "accounts:2fa-verify" if user_has_device(request.user) else "accounts:2fa-setup"
            )
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
