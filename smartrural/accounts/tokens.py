"""API tokens: created once and shown once, stored as SHA-256, revocable, last use recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.overload import BUSY, overload_kind

from .access import is_resident
from .backends import demo_account_refused
from .models import ApiToken, User

TOKEN_PREFIX = "sr_"  # noqa: S105 - a marker, not a secret
# Recording every use would turn each API read into a write; a minute's precision is enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the plain token (never stored).

    Residents have no API tokens (``PermissionDenied``): the API's scoped data is officials'."""
    if is_resident(user):
        raise PermissionDenied(_("Residents do not use API tokens."))
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, token_hash=_hash(raw))
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a presented token, or None. A demo account's token works only
    while the demo mode is on, as its password does (``demo_account_refused``); a resident's
    (made before residents lost tokens, or by an account whose role changed) never works."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or demo_account_refused(token.user):
        return None
    if is_resident(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        try:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except DatabaseError as exc:
            # Bookkeeping only: a busy database must not turn a read into a 503.
            if overload_kind(exc) != BUSY:
                raise
    return token.user
