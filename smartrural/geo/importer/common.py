"""Shared pieces of the CSV imports: reading, dates, per-row errors, results."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import (
    Level,
    SuccessionKind,
)

UNIT_COLUMNS = (
    "level",
    "code",
    "name",
    "kind",
    "parent_code",
    "valid_from",
    "valid_to",
    "region",
    "commune_group",
)
SUCCESSION_COLUMNS = (
    "predecessor_code",
    "successor_code",
    "effective_date",
    "kind",
    "legal_basis",
    "note",
)
PARENT_LEVELS: dict[str, set[str]] = {
    Level.DISTRICT: {Level.PROVINCE},
    Level.COMMUNE: {Level.DISTRICT, Level.PROVINCE},
    Level.HAMLET: {Level.COMMUNE},
}
SUCCESSION_KIND_ALIASES = {
    "whole": SuccessionKind.WHOLE,
    "nhập toàn bộ": SuccessionKind.WHOLE,
    "part": SuccessionKind.PART,
    "nhập một phần": SuccessionKind.PART,
    "unchanged": SuccessionKind.UNCHANGED,
    "giữ nguyên": SuccessionKind.UNCHANGED,
}


class ImportFailed(Exception):
    """The file was rejected; ``errors`` lists every problem found (nothing was written)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0


def read_csv(source: str | Path | io.TextIOBase) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV file (a BOM from Excel is tolerated)."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8-sig", newline="") as fh:
            return read_csv(io.StringIO(fh.read()))
    reader = csv.DictReader(source)
    header = [h.strip().lstrip("\ufeff") for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    return header, rows


def parse_date(value: str) -> dt.date | None:
    """YYYY-MM-DD or dd/mm/yyyy; empty is None; anything else raises ValueError."""
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _overlaps(
    a_from: dt.date | None, a_to: dt.date | None, b_from: dt.date | None, b_to: dt.date | None
) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def _missing_columns(header: list[str], required: Iterable[str]) -> list[RowError]:
    missing = [c for c in required if c not in header]
    if not missing:
        return []
    return [RowError(1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})]
