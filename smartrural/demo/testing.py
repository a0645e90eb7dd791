"""The demo database for tests: built once per content hash, copied in milliseconds.

``cached_demo(name)`` returns a SQLite file holding the demo: ``"full"`` (the whole story, to
11/2026, stamped) or ``"2023-06-01"`` (the story as it stood on 01/06/2023, the seed article's
day). Both are made by one run of the story in a child process (``python -m
smartrural.demo.testing <dir>``, settings ``config.settings.test``) into
``var/demo-cache/<content hash>/`` and reused by every later test session until the demo's data
or code changes; parallel test workers (pytest-xdist) build it under a file lock beside it, the
first to get the lock builds and the others reuse what it built.
``copy_into_test_database(name)`` puts one into the test database (SQLite's backup API); on
PostgreSQL the story is loaded instead (slow, but the same data).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import connection

from .datafiles import content_hash

SNAPSHOTS = {"2023-06-01": dt.date(2023, 6, 1), "full": None}


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo-cache" / content_hash()[:16]


def cached_demo(name: str) -> Path:
    """The SQLite file of the demo snapshot ``name``, built first when missing. One process
    builds at a time (an exclusive ``flock`` on ``build.lock`` in the cache folder); one that
    waited finds the snapshot built and reuses it."""
    folder = cache_dir()
    path = folder / f"{name}.sqlite3"
    if path.exists():  # snapshots appear whole (written aside, then renamed)
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not path.exists():
            _build_in_child(folder)
    return path


def _build_in_child(folder: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'building.sqlite3'}",
        "SMARTRURAL_DEMO": "true",
    }
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "smartrural.demo.testing", str(folder)],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=1800,
    )


def writes_of_the_demo() -> dict[str, Any]:
    """What ``recording_writes`` saw while the cached demo was built."""
    cached_demo("full")
    return dict(json.loads((cache_dir() / "writes.json").read_text()))


def copy_into_test_database(name: str) -> None:
    """Replace the test database's content by the demo snapshot ``name`` (no transaction may
    be open on it)."""
    if connection.vendor != "sqlite":
        _copy_rows(cached_demo(name))
        return
    source = sqlite3.connect(cached_demo(name))
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _copy_rows(path: Path) -> None:
    """Another engine (PostgreSQL): every model table emptied, then filled with the snapshot's
    rows as stored (no ``auto_now``, no signals; booleans from SQLite's 0/1, other values as
    text PostgreSQL casts), the sequences reset; one transaction (foreign keys are checked at
    its end). Seconds, where running the story again takes minutes."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import models, transaction

    tables = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    source = sqlite3.connect(path)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            names = [m._meta.db_table for m in tables]
            for statement in connection.ops.sql_flush(no_style(), names, allow_cascade=True):
                cursor.execute(statement)
            for model in tables:
                fields = model._meta.local_concrete_fields
                flags = [isinstance(f, models.BooleanField) for f in fields]
                columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                rows = [
                    [
                        bool(v) if flag and v is not None else v
                        for v, flag in zip(row, flags, strict=True)
                    ]
                    for row in source.execute(
                        f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608 - our own table and column names
                    )
                ]
                if rows:
                    marks = ", ".join(["%s"] * len(fields))
                    cursor.executemany(
                        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
                        f"({columns}) VALUES ({marks})",
                        rows,
                    )
            for statement in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(statement)
    finally:
        source.close()
    ContentType.objects.clear_cache()


def save_test_database() -> sqlite3.Connection | None:
    """An in-memory copy of the test database (``restore_test_database`` puts it back)."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:")
    connection.connection.backup(copy)
    return copy


def restore_test_database(copy: sqlite3.Connection | None) -> None:
    if copy is None:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        return
    copy.backup(connection.connection)
    copy.close()


DEMO_DIR = Path(__file__).resolve().parent
PRODUCT_DIR = DEMO_DIR.parent
# The demo's own writes (its stamp) go through its own service module.
DEMO_SERVICES = DEMO_DIR / "services.py"


@dataclass
class WriteLog:
    """Writes seen while the demo ran: how many, and those made by demo code directly (the
    first product frame up the stack is a demo module, not a service of an app)."""

    seen: int = 0
    direct: list[str] = field(default_factory=list)


def _first_product_frame(frame: FrameType | None) -> FrameType | None:
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(PRODUCT_DIR) and path != Path(__file__).resolve():
            return frame
        frame = frame.f_back
    return None


@contextmanager
def recording_writes() -> Iterator[WriteLog]:
    """Patch ``Model.save``/``delete`` and ``QuerySet.bulk_create``/``update``/``delete`` to
    log every write, and which ones demo code made itself."""
    from django.db.models import Model, QuerySet

    log = WriteLog()
    originals = {
        (Model, "save"): Model.save,
        (Model, "delete"): Model.delete,
        (QuerySet, "bulk_create"): QuerySet.bulk_create,
        (QuerySet, "update"): QuerySet.update,
        (QuerySet, "delete"): QuerySet.delete,
    }

    def wrap(owner: type, name: str, original: Any) -> Any:
        def write(this: Any, *args: Any, **kwargs: Any) -> Any:
            log.seen += 1
            frame = _first_product_frame(sys._getframe(1))
            if frame is not None:
                path = Path(frame.f_code.co_filename)
                if path.is_relative_to(DEMO_DIR) and path != DEMO_SERVICES:
                    model = this.model if isinstance(this, QuerySet) else type(this)
                    log.direct.append(
                        f"{owner.__name__}.{name} of {model.__name__} from "
                        f"{path.relative_to(PRODUCT_DIR)}:{frame.f_lineno}"
                    )
            return original(this, *args, **kwargs)

        return write

    for (owner, name), original in originals.items():
        setattr(owner, name, wrap(owner, name, original))
    try:
        yield log
    finally:
        for (owner, name), original in originals.items():
            setattr(owner, name, original)


def _build(folder: Path) -> None:  # pragma: no cover - runs in the child process
    import django

    (folder / "building.sqlite3").unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    from .accounts import Actors, demo_accounts  # local: after django.setup() (run as a script)
    from .load import run_story  # local: after django.setup() (run as a script)
    from .services import demo_stamp_record  # local: after django.setup() (run as a script)

    call_command("migrate", interactive=False, verbosity=0)
    db = connection

    def keep(name: str) -> None:
        target = sqlite3.connect(folder / f"{name}.partial")
        db.ensure_connection()
        db.connection.backup(target)
        target.close()
        (folder / f"{name}.partial").replace(folder / f"{name}.sqlite3")

    import time

    from django.utils import timezone

    started = time.monotonic()
    checkpoints = {
        day: (lambda n=name: keep(n)) for name, day in SNAPSHOTS.items() if day is not None
    }
    with recording_writes() as writes:
        run_story(Actors(), demo_accounts(), lambda text: None, checkpoints=checkpoints)
    (folder / "writes.json").write_text(
        json.dumps({"seen": writes.seen, "direct": writes.direct}, indent=1)
    )
    demo_stamp_record(
        content_hash=content_hash(), loaded_at=timezone.now(), seconds=time.monotonic() - started
    )
    keep("full")
    db.close()
    (folder / "building.sqlite3").unlink(missing_ok=True)


if __name__ == "__main__":  # pragma: no cover
    _build(Path(sys.argv[1]))


def demo_for_pages(name: str, *, log_in_as: list[str], password: str) -> None:
    """For end-to-end tests (no transaction open): the demo snapshot ``name``, with the demo
    accounts ``log_in_as`` given ``password`` and usable outside the demo mode."""
    from smartrural.accounts.models import User  # local: after django.setup() (run as a script)

    copy_into_test_database(name)
    for user in User.objects.filter(username__in=log_in_as):
        user.set_password(password)
        user.is_demo = False
        user.save(update_fields=["password", "is_demo"])
