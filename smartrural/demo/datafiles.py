"""The demo's data files (``data/``) and the hash that names a demo database's content."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE = Path(__file__).resolve().parent
DATA_DIR = PACKAGE / "data"


@cache
def read_yaml(name: str) -> Any:
    """A YAML file of ``data/`` (read once per process; callers do not change it)."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def day(value: Any) -> dt.date:
    """A date written in a data file (YAML reads ``2023-03-15`` as a date already)."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def month(value: Any) -> dt.date:
    """``YYYY-MM`` as the first day of the month."""
    year, number = (int(part) for part in str(value).split("-"))
    return dt.date(year, number, 1)


# Modules of the package that do not shape the demo's data.
NOT_DEMO_CONTENT = {"testing.py", "supervisor.py"}


def content_hash() -> str:
    """What a demo database is built from: the demo's data files and code, the reference data,
    criteria sets and feedback categories it loads, and every app's migrations (the schema it is
    built on: a cached demo older than a migration would need migrating inside a test). The same
    hash means the same demo."""
    digest = hashlib.sha256()
    root = PACKAGE.parent
    sources = [
        *sorted(DATA_DIR.rglob("*")),
        *sorted(p for p in PACKAGE.glob("*.py") if p.name not in NOT_DEMO_CONTENT),
        *sorted((root / "geo" / "data").glob("*.csv")),
        *sorted((root / "criteria" / "data").glob("*.yaml")),
        *sorted((root / "transformation").rglob("data/*.yaml")),
        *sorted((root / "feedback" / "data").glob("*.yaml")),
        *sorted(root.glob("*/migrations/*.py")),
    ]
    for path in sources:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
