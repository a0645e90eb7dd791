"""Uploaded documents (indicator evidence, dossier documents): what may be uploaded,
recognised by content (magic bytes), not by name.

PDF, JPEG, PNG, Word and Excel (DOCX/XLSX and the older DOC/XLS) up to
``settings.EVIDENCE_MAX_BYTES`` (10 MB by default). The file name's extension must agree with
the content, so a file opens with the program its name promises. A JPEG or PNG must be an image
Pillow can identify, of at most ``settings.IMAGE_MAX_PIXELS`` pixels: a few KB of PNG can
declare a picture that takes gigabytes to decode (only the header is read here).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from smartrural.core.errors import ValidationFailed

_PDF = b"%PDF-"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # DOC and XLS (Compound File Binary)


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("application/pdf", (".pdf",))
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("image/png", (".png",))
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
DOC = FileKind("application/msword", (".doc",))
XLS = FileKind("application/vnd.ms-excel", (".xls",))
_IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG"}  # as Pillow names them
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.doc,.xls"


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def max_pixels() -> int:
    return int(settings.IMAGE_MAX_PIXELS)


def _office_zip(upload: Any) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(upload: Any, name: str) -> FileKind | None:
    """The kind of file ``upload`` holds, judged by its first bytes (and, for Office files,
    its parts); None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(_PDF):
        return PDF
    if head.startswith(_JPEG):
        return JPEG
    if head.startswith(_PNG):
        return PNG
    if head.startswith(_ZIP):
        return _office_zip(upload)
    if head.startswith(_OLE):
        # The old Office formats share one container: the name tells Word from Excel.
        return XLS if PurePath(name).suffix.lower() == ".xls" else DOC
    return None


def check_document(upload: Any) -> FileKind:
    """The file's kind when it may be kept, else ``ValidationFailed`` saying why."""
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationFailed(_("The file is empty."), field="file")
    if size > max_bytes():
        raise ValidationFailed(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            field="file",
        )
    kind = sniff(upload, name)
    if kind is None:
        raise ValidationFailed(
            _("“%(name)s” is not a PDF, JPEG, PNG, Word or Excel file; only these can be uploaded.")
            % {"name": name},
            field="file",
        )
    if PurePath(name).suffix.lower() not in kind.extensions:
        raise ValidationFailed(
            _("“%(name)s” holds a %(kind)s file: name it with %(ext)s.")
            % {"name": name, "kind": kind.extensions[0][1:].upper(), "ext": kind.extensions[0]},
            field="file",
        )
    if kind in _IMAGE_FORMATS:
        _check_image(upload, name, _IMAGE_FORMATS[kind])
    return kind


def _check_image(upload: Any, name: str, image_format: str) -> None:
    """Refuse an image Pillow cannot identify, or one of more pixels than the limit. Only the
    header is read (``Image.open`` is lazy); Pillow itself refuses twice ``MAX_IMAGE_PIXELS``,
    which ``CoreConfig.ready`` sets from the same setting."""
    limit = max_pixels()
    too_large = ValidationFailed(
        _(
            "The image “%(name)s” has more than %(limit)s pixels: make it smaller and upload "
            "it again."
        )
        % {"name": name, "limit": number_format(limit, force_grouping=True)},
        field="file",
    )
    upload.seek(0)
    try:
        with Image.open(upload, formats=[image_format]) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationFailed(
            _("“%(name)s” could not be read as a %(kind)s image: it may be damaged.")
            % {"name": name, "kind": image_format},
            field="file",
        ) from exc
    finally:
        upload.seek(0)
    if width * height > limit:
        raise too_large
