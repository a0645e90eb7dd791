"""Tables uploaded for import (Excel .xlsx or CSV): the cells of their rows, or a clear refusal.

The file's kind is judged by its content (``uploads.sniff``), not its name: an .xlsx is read
from its first visible sheet with computed values, within the limits of ``spreadsheets``; a .csv
is UTF-8 text (with or without BOM) separated by ``;`` or ``,`` (whichever the first lines use
more), with the same limit on cells. Old .xls files, damaged workbooks, other encodings and
other files are refused with a message saying what to do. Text that our own exports escaped
(``'=x``) is read back as it was (``=x``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .exports import unescape
from .spreadsheets import CellBudget, read_workbook
from .text import fold
from .uploads import XLS, XLSX, max_bytes, sniff

SNIFF_LINES = 10


@dataclass(frozen=True)
class RowError:
    """A problem of an imported row: its number in the file, the column, the message."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """What a two-phase import did (nothing when ``errors``: all or nothing)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    sheets = read_workbook(data, first_visible_only=True)
    if not sheets:
        raise ValidationFailed(_("The workbook has no visible sheet."), field="file")
    return sheets[0].rows


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            _("The CSV file is not in UTF-8: save it as “CSV UTF-8” and upload it again."),
            field="file",
        ) from exc
    if "\x00" in text:
        raise ValidationFailed(_("The file is not a CSV text file."), field="file")
    lines = io.StringIO(text, newline=None)
    sample = "".join(lines.readline() for _line in range(SNIFF_LINES))
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    budget = CellBudget()
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            budget.spend(len(row))
            rows.append([unescape(cell) for cell in row])
    except csv.Error as exc:
        raise ValidationFailed(
            _("The CSV file could not be read: %(error)s") % {"error": exc}, field="file"
        ) from exc
    return rows


def read_table(upload: Any) -> list[list[Any]]:
    """The cells of an uploaded .xlsx or .csv file (``ValidationFailed`` for anything else)."""
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationFailed(_("The file is empty."), field="file")
    if size > max_bytes():
        raise ValidationFailed(_("The file is too large."), field="file")
    kind = sniff(upload, name)
    upload.seek(0)
    data = upload.read()
    if kind == XLSX:
        return _xlsx_rows(data)
    if kind == XLS:
        raise ValidationFailed(
            _("“%(name)s” is an old Excel file (.xls): save it as .xlsx or CSV.") % {"name": name},
            field="file",
        )
    if kind is None and name.lower().endswith(".csv"):
        return _csv_rows(data)
    raise ValidationFailed(
        _("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file; only these can be imported.")
        % {"name": name},
        field="file",
    )


def cell_text(value: Any) -> str:
    """A table cell as text: empty for an empty cell, a whole number read as a float (Excel's
    29479.0) without its ".0", anything else as its stripped text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def numbered_rows(table: list[list[Any]]) -> list[tuple[int, list[Any]]]:
    """The table's non-empty rows with their number in the file (1 for the first row);
    ``ValidationFailed`` for a table with none."""
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(cell_text(c) for c in row)]
    if not numbered:
        raise ValidationFailed(_("The file is empty."), field="file")
    return numbered


def header_columns(
    header: list[Any],
    accepted: Mapping[str, Iterable[str]],
    *,
    required: Iterable[str],
    names: Mapping[str, Any],
) -> dict[str, int]:
    """Where each known column stands in a header row. A title is the column ``key`` when,
    folded (no diacritics, lower case) and without a trailing " *:", it is one of the titles
    ``accepted[key]`` (folded too). A column given twice, or a ``required`` column missing
    (named by ``names``): ``ValidationFailed``."""
    titles = {key: {fold(str(title)) for title in options} for key, options in accepted.items()}
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        title = fold(cell_text(cell)).rstrip(" *:")
        for key, options in titles.items():
            if title in options:
                if key in found:
                    raise ValidationFailed(
                        _("The column “%(title)s” appears twice.") % {"title": cell_text(cell)},
                        field="file",
                    )
                found[key] = position
    missing = [str(names[key]) for key in required if key not in found]
    if missing:
        raise ValidationFailed(
            _(
                "Column(s) missing: %(columns)s. The first row must hold the column titles, as "
                "in the template."
            )
            % {"columns": ", ".join(missing)},
            field="file",
        )
    return found
