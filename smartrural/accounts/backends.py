"""Log in by user name or e-mail address; demo accounts only while the demo mode is on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest

from .models import User


def demo_account_refused(user: User | AnonymousUser | None) -> bool:
    """The one rule for demo accounts: they sign in (password, API token, password reset) only
    while the demo mode is on."""
    return bool(getattr(user, "is_demo", False)) and not settings.DEMO_MODE


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        login = username.strip()
        user = User.objects.filter(
            Q(username=login) | Q(email__iexact=login) & ~Q(email="")
        ).first()
        if user is None:
            # Spend the same time as a real check so user names cannot be probed by timing.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if demo_account_refused(user):
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        return user if isinstance(user, User) else None
