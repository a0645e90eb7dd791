"""The one writer of cells into the spreadsheets (.xlsx) and CSV files the product sends out.

Text from users (unit names, comments, officials' names) must never become a live formula in
the officer's spreadsheet program: a cell such as ``=HYPERLINK("http://x","y")`` or
``=cmd|' /C calc'!A0`` would run when the file is opened. Following OWASP's guidance on CSV
injection, a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a single quote in front (``'=1+1``), which every spreadsheet program shows as text.
Numbers, dates and booleans stay typed; a text that is only a number (``-3``, ``+84``,
``-12,5``) stays as it is, since it cannot be a formula and a client reading the figure back
needs it unchanged.

``escape`` is reversible: ``unescape`` (used by every reader of uploaded tables) gives the
original text back, so a template downloaded and uploaded again is unchanged. To keep that true
for a text that already starts with quotes (``'=x``), such a text gets one more.

In a workbook every cell is written through ``set_value`` (or ``write_cell``, ``append_row``):
text cells are always of the string type, so openpyxl never turns them into a formula (its own
rule: any text starting with ``=``) or an error value (``#N/A``), characters that XML cannot
hold (control characters) are dropped instead of failing the whole export, and a carriage
return is written as the line feed that any reader of the XML would make of it. The product
writes no formula of its own; one that it ever needs must get its own, explicit function.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def _formula_like(text: str) -> bool:
    # Leading quotes are looked through so that escape/unescape stay exact inverses.
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_START) and not _NUMBER.fullmatch(bare)


def escape(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: formula-like text gets a leading ``'``; anything
    that is not text is returned as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def unescape(text: str) -> str:
    """The text ``escape`` was given: one leading ``'`` is dropped when it protects a
    formula-like text (``'=1+1`` → ``=1+1``); any other text is returned as it is."""
    if text.startswith("'") and _formula_like(text[1:]):
        return text[1:]
    return text


def set_value(cell: Cell, value: Any) -> Cell:
    """Put ``value`` into ``cell`` escaped; text is always a string cell."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        # XML reads a carriage return as a line feed (Excel's line break in a cell): write
        # what will be read, so that a template sent back compares equal.
        value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = escape(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """``sheet.cell(row, column, value)``, escaped (see ``set_value``)."""
    return set_value(sheet.cell(row=row, column=column), value)


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, every cell escaped (see ``set_value``)."""
    sheet.append([set_value(Cell(sheet), value) for value in values])


class CsvWriter:
    """``csv.writer`` whose every field is escaped; same ``writerow`` and ``writerows``."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([escape(field) for field in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> CsvWriter:
    """A CSV writer into ``out`` (options as ``csv.writer``'s) that escapes every field."""
    return CsvWriter(out, **options)


# -- tables as a workbook or a PDF (the dashboards' exports) ----------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TableCell = str | int


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[TableCell]]


def tables_xlsx(heading: str, tables: list[Table]) -> bytes:
    """One sheet per table, under ``heading``; every cell written through ``core.exports``
    (a unit named ``=cmd|…`` stays text)."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(re.sub(r"[][:*?/\\]", "-", table.title)[:31])
        append_row(sheet, [heading])
        sheet["A1"].font = Font(bold=True)
        append_row(sheet, [])
        append_row(sheet, table.header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables_pdf(heading: str, tables: list[Table]) -> bytes:
    """The tables on A4 landscape pages, under ``heading`` (DejaVu Sans: Vietnamese glyphs)."""
    from weasyprint import HTML  # local: loads Pango at import; only PDF requests pay for it

    html = render_to_string("core/tables_pdf.html", {"title": heading, "tables": tables})
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return pdf
