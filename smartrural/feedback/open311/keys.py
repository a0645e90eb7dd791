"""Open311 API keys: created once and shown once, stored as sha256, checked on every POST.

The check is cached per process for ``CACHE_SECONDS`` (a busy client posts many reports a
second; a deactivated key stops working within that time). ``last_used_at`` is written at most
once a minute per client, so a POST does not turn into two writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from smartrural.accounts.actor import Actor

from .models import Open311Client

KEY_PREFIX = "o311_"
CACHE_SECONDS = 10.0
LAST_USED_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class KnownClient:
    pk: int
    name: str


_cache: dict[str, tuple[float, KnownClient | None]] = {}
_last_used: dict[int, dt.datetime] = {}
_lock = threading.Lock()


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh key and its public prefix (which names it in lists and logs)."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def open311_client_create(
    *, name: str, contact: str = "", by: Actor | None
) -> tuple[Open311Client, str]:
    """A new client and its key (shown once: only its hash is stored)."""
    prefix, raw = new_key()
    client = Open311Client(
        name=name, contact=contact, prefix=prefix, key_hash=key_hash(raw), created_by=by
    )
    client.full_clean()
    client.save()
    return client, raw


def forget_keys() -> None:
    """Drop the per-process caches (tests; after deactivating a client in this process)."""
    with _lock:
        _cache.clear()
        _last_used.clear()


def client_for_key(raw: str) -> KnownClient | None:
    """The active client holding ``raw``, or None."""
    digest = key_hash(raw)
    now = time.monotonic()
    cached = _cache.get(digest)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    row = Open311Client.objects.filter(key_hash=digest, active=True).values("pk", "name").first()
    found = KnownClient(pk=row["pk"], name=row["name"]) if row else None
    with _lock:
        if len(_cache) > 1000:  # random keys must not grow the cache without bound
            _cache.clear()
        _cache[digest] = (now, found)
    return found


def note_use(client: KnownClient) -> None:
    """Record that ``client`` posted (at most one write a minute per client and process)."""
    now = timezone.now()
    last = _last_used.get(client.pk)
    if last is not None and now - last < LAST_USED_PRECISION:
        return
    _last_used[client.pk] = now
    Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
