"""Turn ``DATABASE_URL`` into a Django ``DATABASES`` entry.

Only the two databases SmartRural supports: SQLite (tuned for a single machine) and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# How long a writer waits for the database's write lock before giving up (and the request
# answers 503 with Retry-After): a few seconds, so a queue of writers never piles up for long.
DEFAULT_LOCK_WAIT_SECONDS = 5.0


def sqlite_options(*, lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, Any]:
    return {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
        # timeout instead of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": lock_wait_seconds,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            f"PRAGMA busy_timeout={round(lock_wait_seconds * 1000)};"
        ),
    }


def sqlite_config(
    path: Path | str, *, lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS
) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": sqlite_options(lock_wait_seconds=lock_wait_seconds),
    }


def parse_database_url(
    url: str, *, base_dir: Path, lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS
) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:////abs/path.sqlite3 -> /abs/path.sqlite3 ; sqlite:///rel.sqlite3 -> base_dir/rel
        raw = unquote(parts.path)
        if raw.startswith("//"):
            path = Path(raw[1:])
        elif raw.startswith("/") and raw != "/":
            path = base_dir / raw[1:]
        else:
            raise ImproperlyConfigured(f"DATABASE_URL has no SQLite file path: {url!r}")
        return sqlite_config(path, lock_wait_seconds=lock_wait_seconds)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL must name a database.")
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported (use sqlite:// or postgres://)."
    )
