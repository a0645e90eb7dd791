"""Hostile spreadsheets for tests: workbooks written with ``zipfile`` directly, cheaply.

A real workbook of a million cells takes openpyxl seconds to write; these take milliseconds and
compress to a few tens of KB, as an attacker's would. Each is a minimal but valid .xlsx (content
types, relationships, a workbook with one sheet), so only its size is hostile.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>%s</sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>%s<worksheet xmlns="{}">'
_SHEET_OPEN = _SHEET_OPEN.format(_MAIN)
# A DTD whose entity is a cell: what expat would multiply (and OOXML never holds).
DOCTYPE = '<!DOCTYPE worksheet [<!ENTITY cell "<c><v>1</v></c>">]>'
SHEET_PATH = "xl/worksheets/sheet1.xml"


def _sheet_chunks(rows: int, columns: int, dimension: str | None, doctype: str) -> Iterator[bytes]:
    yield (_SHEET_OPEN % doctype).encode()
    if dimension is not None:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    # Cells without an "r" attribute are numbered in order by every reader (openpyxl too):
    # 15 bytes per cell, so a million cells inflate to 15 MB, under the 20 MB archive limit.
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    for _ in range(rows):
        yield row
    yield b"</sheetData></worksheet>"


def workbook(
    *,
    rows: int,
    columns: int,
    dimension: str | None = "auto",
    padding: int = 0,
    texts: int = 0,
    styles: int = 0,
    sheets: int = 1,
    doctype: str = "",
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An .xlsx whose one sheet holds ``rows`` × ``columns`` numeric cells.

    ``dimension``: the ``<dimension ref>`` the sheet declares; ``"auto"`` for the true one,
    None for none, or any range (a lie). ``padding``: bytes of zeros in an extra member, to make
    the declared inflated size of the archive large while the file stays small. ``texts``:
    shared strings; ``styles``: cell formats in the stylesheet; ``sheets``: sheets in the
    workbook's list (all of them the same sheet part); ``doctype``: a DTD before the sheet.
    """
    if dimension == "auto":
        dimension = f"A1:{_column_letter(max(columns, 1))}{max(rows, 1)}"
    listed = "".join(
        f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(1, sheets + 1)
    )
    types = _CONTENT_TYPES.replace("</Types>", _SHARED_STRINGS_TYPE + "</Types>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", types if texts else _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK % listed)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open(SHEET_PATH, "w", force_zip64=True) as sheet:
            for chunk in _sheet_chunks(rows, columns, dimension, doctype):
                sheet.write(chunk)
        if texts:
            archive.writestr("xl/sharedStrings.xml", _shared_strings(texts))
        if styles:
            archive.writestr("xl/styles.xml", _styles(styles))
        if padding:
            with archive.open("xl/media/padding.bin", "w", force_zip64=True) as pad:
                block = b"\x00" * (1 << 20)
                left = padding
                while left > 0:
                    pad.write(block[: min(left, len(block))])
                    left -= len(block)
    return out.getvalue()


def _shared_strings(count: int) -> str:
    items = "".join(f"<si><t>{n}</t></si>" for n in range(count))
    return f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _styles(count: int) -> str:
    formats = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * count
    return (
        f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill/></fill></fills>'
        '<borders count="1"><border/></borders>'
        f'<cellXfs count="{count}">{formats}</cellXfs></styleSheet>'
    )


def lying_member(data: bytes, *, name: str = SHEET_PATH, declared: int = 1000) -> bytes:
    """``data`` (an .xlsx) with ``name``'s uncompressed size rewritten to ``declared`` bytes in
    both the local header and the central directory: the member inflates to more than it says."""
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF:
        raise ValueError("lying_member needs a member without zip64 sizes")
    # Local file header: uncompressed size at offset 22.
    offset = info.header_offset + 22
    buffer[offset : offset + 4] = declared.to_bytes(4, "little")
    # Central directory entry: find it by its signature and the member's name.
    encoded = name.encode()
    start = 0
    while True:
        found = buffer.find(b"PK\x01\x02", start)
        if found < 0:
            raise ValueError(f"{name} is not in the central directory")
        name_length = int.from_bytes(buffer[found + 28 : found + 30], "little")
        if bytes(buffer[found + 46 : found + 46 + name_length]) == encoded:
            buffer[found + 24 : found + 28] = declared.to_bytes(4, "little")
            return bytes(buffer)
        start = found + 4


def redimension(data: bytes, ref: str | None, *, name: str = SHEET_PATH) -> bytes:
    """``data`` (an .xlsx) with the dimension of ``name`` replaced by ``ref`` (None: removed)."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                tag = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
                content = re.sub(rb"<dimension [^>]*/>", tag, content)
            target.writestr(info, content)
    return out.getvalue()


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# The four bombs of issue 8, each about a million cells or more and a few tens of KB.
def million_cells() -> bytes:
    """(a) 1,000,000 real cells that say so (A1:ALL1000)."""
    return workbook(rows=1000, columns=1000)


def huge_dimension() -> bytes:
    """(b) one cell in a sheet declaring the whole grid, A1:XFD1048576 (17 billion cells)."""
    return workbook(rows=1, columns=1, dimension="A1:XFD1048576")


def lying_dimension() -> bytes:
    """(c) 1,000,000 real cells in a sheet declaring A1:A1."""
    return workbook(rows=1000, columns=1000, dimension="A1:A1")


def inflated(size: int = 21 * 1024 * 1024) -> bytes:
    """(d) a one-cell workbook whose members declare ``size`` bytes uncompressed (21 MB)."""
    return workbook(rows=1, columns=1, padding=size)


BOMBS: dict[str, Callable[[], bytes]] = {
    "million-cells": million_cells,
    "huge-dimension": huge_dimension,
    "lying-dimension": lying_dimension,
    "inflated": inflated,
}


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG of ``width`` × ``height`` pixels (small ones: Pillow draws every pixel)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """(image) a PNG that declares ``width`` × ``height`` pixels in a few bytes: a valid
    signature and header chunk, one empty data chunk, the end chunk. Decoding it would allocate
    width × height × 3 bytes; reading its header costs nothing."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
