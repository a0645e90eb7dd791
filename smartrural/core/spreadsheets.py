"""Uploaded workbooks (.xlsx) read within limits: the one way the product opens a spreadsheet.

A workbook is a zip of XML, so a few tens of KB can stand for millions of cells (a 32 KB file of
a million cells took 8–22 s; a 402 KB one of ten million grew a web worker to 3.5 GB). Before
openpyxl parses anything, and while it streams, these limits hold:

1. the archive: at most ``MAX_ENTRIES`` members, compressed only as Excel does (stored or
   deflated), whose declared uncompressed sizes add up to at most
   ``settings.SPREADSHEET_MAX_INFLATED_BYTES``. A member that inflates to more than it declares
   cannot get past this: Python's ``zipfile`` stops every member at its declared size and then
   fails its CRC check, which we report as a damaged file;
2. the parts, scanned with expat (a fraction of openpyxl's cost, building nothing) and only
   as far as a limit: no DTD anywhere (OOXML has none; entities would multiply the XML); in
   the sheets, each declared dimension (``<dimension ref="A1:XFD1048576"/>``, counted from A1
   as openpyxl pads rows) and all their cells together within ``SPREADSHEET_MAX_CELLS``, so a
   lying or missing dimension does not help; in the parts openpyxl reads whole, at most
   ``MAX_TEXTS`` distinct texts, ``MAX_SHEETS`` sheets and ``MAX_STRUCTURE_ELEMENTS`` elements
   in the styles, sheet list, relationships and properties (openpyxl makes each an object);
3. the sheets read are streamed (openpyxl's read-only mode) without their dimension, which
   openpyxl would pad every row to: every cell read, empty ones between cells included, and
   every row (an empty row counts as one) is counted across the workbook (a sheet listed twice
   is read twice), and reading stops at the limit;
4. formulas are not evaluated (``data_only``): a cell gives the value Excel last computed.

A refusal is a ``ValidationFailed`` on the field ``file`` whose message states the limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    range_boundaries,
)
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .errors import ValidationFailed
from .exports import unescape

# An Excel workbook has a dozen members, a few hundred with many sheets and pictures.
MAX_ENTRIES = 1000
# A province's template has a sheet per commune (Thanh Hóa had 559 before 2025).
MAX_SHEETS = 1000
# openpyxl builds an object of every shared text and style element (30-60 µs each): these
# bound that work to about a second each. A real workbook has hundreds of style elements, and
# the uploads we read a few thousand distinct texts (names, comments).
MAX_TEXTS = 50_000
MAX_STRUCTURE_ELEMENTS = 10_000
_COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_STRUCTURE_ROOTS = frozenset(
    {"Types", "Relationships", "workbook", "styleSheet", "coreProperties", "Properties"}
)


def max_cells() -> int:
    return int(settings.SPREADSHEET_MAX_CELLS)


def max_inflated_bytes() -> int:
    return int(settings.SPREADSHEET_MAX_INFLATED_BYTES)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def unreadable() -> ValidationFailed:
    return ValidationFailed(
        _("The Excel file could not be read; save it again as .xlsx."), field="file"
    )


def too_many_cells(limit: int | None = None) -> ValidationFailed:
    """The refusal of a table with more than ``limit`` cells (the setting by default)."""
    limit = max_cells() if limit is None else limit
    return ValidationFailed(
        _(
            "The file has more than %(limit)s cells: split it into smaller files and upload "
            "them one by one."
        )
        % {"limit": _number(limit)},
        field="file",
    )


class CellBudget:
    """Counts the cells read from one upload (CSV or workbook) and refuses the one too many."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = max_cells() if limit is None else limit
        self.used = 0

    def spend(self, cells: int) -> None:
        # An empty row still costs one: a million of them is a bomb of its own.
        self.used += max(cells, 1)
        if self.used > self.limit:
            raise too_many_cells(self.limit)


@dataclass(frozen=True)
class Sheet:
    """A sheet's cells as read: ``rows[0]`` is row 1; rows are as long as their last cell."""

    title: str
    rows: list[list[Any]]

    @property
    def max_row(self) -> int:
        return len(self.rows)

    def value(self, row: int, column: int) -> Any:
        """The value at ``row``, ``column`` (both from 1); None outside the cells read."""
        if row < 1 or column < 1 or row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else None

    def __getitem__(self, coordinate: str) -> Any:
        """The value of a cell by its Excel name: ``sheet["B4"]``."""
        letters, row = coordinate_from_string(coordinate)
        return self.value(row, column_index_from_string(letters))


def check_archive(data: bytes, *, limit: int | None = None) -> None:
    """Refuse an archive that is not a zip, holds too many members, is compressed unlike a
    workbook, declares more uncompressed bytes than the limit, holds more than ``limit`` cells
    (the setting by default) in its sheets, or whose parts read whole are over their limits
    (see the module's docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ENTRIES:
            raise ValidationFailed(
                _("The file holds more than %(limit)s parts: it is not an ordinary Excel workbook.")
                % {"limit": _number(MAX_ENTRIES)},
                field="file",
            )
        if any(m.compress_type not in _COMPRESSIONS for m in members):
            raise unreadable()
        inflated = max_inflated_bytes()
        if sum(m.file_size for m in members) > inflated:
            raise ValidationFailed(
                _(
                    "The file unpacks to more than %(limit)s: remove pictures and unused sheets, "
                    "or split it into smaller files."
                )
                % {"limit": filesizeformat(inflated)},
                field="file",
            )
        _PartScan(archive, max_cells() if limit is None else limit).run(members)


class _Stop(Exception):
    """Raised inside expat's callbacks to stop reading a part."""


class _PartScan:
    """Counts, with expat and without building anything, what openpyxl would build."""

    def __init__(self, archive: zipfile.ZipFile, cell_limit: int) -> None:
        self.archive = archive
        self.cell_limit = cell_limit
        self.cells = 0
        self.strings = 0
        self.sheets = 0
        self.structure = 0
        self.root: str | None = None

    def run(self, members: list[zipfile.ZipInfo]) -> None:
        for info in members:
            if not info.is_dir():
                try:
                    with self.archive.open(info) as source:
                        self._scan(source)
                except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:  # CRC, damaged
                    raise unreadable() from exc

    def _scan(self, source: IO[bytes]) -> None:
        self.root = None
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._element
        try:
            parser.ParseFile(source)
        except _Stop:
            pass  # the rest of this part is not read by openpyxl in read-only mode
        except expat.ExpatError:
            pass  # not XML (a picture), or XML that openpyxl will refuse in turn

    def _doctype(self, *_args: Any) -> None:
        raise unreadable()  # OOXML has no DTD; its entities could multiply the XML

    def _element(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if self.root is None:
            self.root = local
            if local not in _STRUCTURE_ROOTS and local not in ("sst", "worksheet"):
                raise _Stop  # drawings, comments, charts: not read in read-only mode
        if self.root == "worksheet":
            # Cells counted in every sheet at a fraction of openpyxl's cost, whatever their
            # dimension says; how far apart they are (empty rows) is counted while reading.
            if local == "c":
                self.cells += 1
                if self.cells > self.cell_limit:
                    raise too_many_cells(self.cell_limit)
            elif local == "dimension" and _area(attributes.get("ref", "")) > self.cell_limit:
                raise too_many_cells(self.cell_limit)
            return
        if self.root == "sst":
            if local == "si":
                self.strings += 1
                if self.strings > MAX_TEXTS:
                    raise ValidationFailed(
                        _(
                            "The workbook holds more than %(limit)s different texts: split it "
                            "into smaller files."
                        )
                        % {"limit": _number(MAX_TEXTS)},
                        field="file",
                    )
            return
        self.structure += 1
        if self.root == "workbook" and local == "sheet":
            self.sheets += 1
            if self.sheets > MAX_SHEETS:
                raise ValidationFailed(
                    _("The workbook has more than %(limit)s sheets: split it into smaller files.")
                    % {"limit": _number(MAX_SHEETS)},
                    field="file",
                )
        if self.structure > MAX_STRUCTURE_ELEMENTS:
            raise ValidationFailed(
                _(
                    "The workbook's styles and structure hold more than %(limit)s elements: copy "
                    "its data into a new workbook and upload that one."
                )
                % {"limit": _number(MAX_STRUCTURE_ELEMENTS)},
                field="file",
            )


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min column, min row, max column, max row) of a dimension; None if unusable."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    except (ValueError, TypeError):
        return None
    return min_col, min_row, max_col, max_row


def _area(ref: str) -> int:
    # openpyxl pads rows from column A and row 1 up to the dimension's far corner.
    bounds = _bounds(ref)
    return (bounds[2] or 0) * (bounds[3] or 0) if bounds else 0


class _Worksheet(ReadOnlyWorksheet):
    def _get_size(self) -> None:
        """Leave the sheet unsized: its rows are then as long as their cells. openpyxl would
        read the dimension (searching a sheet without one to its very end, and parsing 16 KB of
        cells otherwise: a workbook may list one sheet a thousand times) and pad every row to
        it; the scan has checked it already."""


class _Reader(ExcelReader):
    """openpyxl's reader in read-only mode, whose sheets are ``_Worksheet`` (openpyxl 3.1's
    ``read_worksheets`` in read-only mode, less chart sheets, which are not read)."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            ws = _Worksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def _rows(ws: Any, budget: CellBudget) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in ws.iter_rows(values_only=True):
        budget.spend(len(row))
        rows.append([unescape(v) if isinstance(v, str) else v for v in row])
    return rows


def read_workbook(
    data: bytes, *, first_visible_only: bool = False, limit: int | None = None
) -> list[Sheet]:
    """The visible sheets of an .xlsx (only the first with ``first_visible_only``), within the
    limits above (``limit``: cells, the setting by default).

    Text cells are given back as they were before our exports escaped them (``'=x`` → ``=x``,
    see ``exports.unescape``), so a template downloaded and uploaded back is unchanged.
    ``ValidationFailed`` for a file that is not a workbook, is damaged, or is over a limit.
    """
    check_archive(data, limit=limit)
    budget = CellBudget(limit)
    try:
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read()
    except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl
        raise unreadable() from exc
    workbook = reader.wb
    try:
        sheets: list[Sheet] = []
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible":
                continue
            try:
                rows = _rows(ws, budget)
            except ValidationFailed:
                raise
            except Exception as exc:  # damaged sheet XML, a CRC error past the declared size
                raise unreadable() from exc
            sheets.append(Sheet(str(ws.title), rows))
            if first_visible_only:
                break
        return sheets
    finally:
        workbook.close()
