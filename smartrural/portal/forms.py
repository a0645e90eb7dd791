"""The Wagtail image form of the portals (``WAGTAILIMAGES_IMAGE_FORM_BASE``): every photo an
editor uploads is checked by content and re-encoded without metadata (``core.images``), so no
EXIF position, camera or owner of the original reaches the portal or its renditions."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images.forms import BaseImageForm

from smartrural.core.errors import ValidationFailed
from smartrural.core.images import clean_photo

from .models.base import ascii_slug


class PortalImageForm(BaseImageForm):
    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "read") or "file" not in self.files:
            return upload  # editing the title only: the stored file stays
        try:
            photo = clean_photo(upload, field="file")
        except ValidationFailed as exc:
            raise ValidationError(exc.message) from exc
        name = PurePath(upload.name).stem + ".jpg"
        return SimpleUploadedFile(name, photo.content, content_type="image/jpeg")


class PortalPageForm(WagtailAdminPageForm):
    """The page form of every portal page: the address may be left empty (without JavaScript
    nothing fills it in); it is then made from the title without diacritics."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = ascii_slug(cleaned["title"])
            parent = getattr(self, "parent_page", None)
            if (
                parent is not None
                and parent.get_children()
                .filter(slug=cleaned["slug"])
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error("slug", _("This address is already in use under this page."))
        return cleaned
