"""Photos people upload (feedback, and later farms and products): checked by content, bounded,
re-encoded without metadata.

``clean_photo`` accepts a JPEG, PNG or WebP recognised by its bytes (a renamed PDF is refused
whatever its name says), of at most ``PHOTO_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``, and returns a
new JPEG: turned upright by its EXIF orientation, scaled down to ``PHOTO_MAX_SIDE`` pixels on
its longer side, and written from the pixels alone, so no EXIF (GPS position, camera, owner),
XMP, ICC profile or comment of the original survives. Transparency is flattened on white.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ValidationFailed

_FORMATS = {"JPEG", "PNG", "WEBP"}
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
JPEG_QUALITY = 82


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes  # a JPEG without metadata
    width: int
    height: int


def _is_image_signature(head: bytes) -> bool:
    return head.startswith(_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _refuse(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, field=field)


def clean_photo(upload: Any, *, field: str = "photos") -> CleanPhoto:
    """The photo re-encoded as a metadata-free JPEG, or ``ValidationFailed`` saying why not."""
    name = str(getattr(upload, "name", "") or _("the photo"))
    size = int(getattr(upload, "size", 0) or 0)
    limit = int(settings.PHOTO_MAX_BYTES)
    if size == 0:
        raise _refuse(_("“%(name)s” is empty.") % {"name": name}, field)
    if size > limit:
        raise _refuse(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            field,
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    not_photo = _refuse(_("“%(name)s” is not a photo (JPEG, PNG or WebP).") % {"name": name}, field)
    if not _is_image_signature(head):
        raise not_photo
    pixels = int(settings.IMAGE_MAX_PIXELS)
    try:
        with Image.open(upload) as image:
            if image.format not in _FORMATS:
                raise not_photo
            if image.width * image.height > pixels:
                raise _refuse(
                    _("“%(name)s” has more than %(limit)s pixels.")
                    % {"name": name, "limit": number_format(pixels, force_grouping=True)},
                    field,
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise not_photo from exc
    return _encode(upright, int(settings.PHOTO_MAX_SIDE))


def _encode(image: Image.Image, max_side: int) -> CleanPhoto:
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the original's info dict is carried over.
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return CleanPhoto(content=out.getvalue(), width=bare.width, height=bare.height)
