"""The portals' forms: Wagtail's image and page forms of the editors (every photo re-encoded
without metadata by ``core.images``, so no EXIF position reaches the portal or its renditions;
an address made from the folded title when left empty) and a resident's comment on a draft
plan."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images.forms import BaseImageForm

from smartrural.core.errors import ValidationFailed
from smartrural.core.images import clean_photo
from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.feedback.reporting.forms import normalise_mobile
from smartrural.surveys.models import Stance

from .models.base import ascii_slug
from .models.plan import NAME_MAX_CHARS, PHONE_MAX_CHARS


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


HONEYPOT = "website"  # a field people leave empty (hidden by CSS) and form-filling bots fill


class PlanCommentForm(forms.Form):
    name = NameField(
        label=gettext_lazy("Your name"),
        max_length=NAME_MAX_CHARS,
        error_messages={
            "required": gettext_lazy("Write your name: it is published with your comment.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    hamlet = NameField(
        label=gettext_lazy("Your hamlet (ấp)"),
        max_length=NAME_MAX_CHARS,
        error_messages={"required": gettext_lazy("Write the hamlet (ấp) where you live.")},
    )
    stance = forms.ChoiceField(
        label=gettext_lazy("Your opinion on the draft plan"),
        choices=Stance.choices,
        initial=Stance.COMMENT,
        # Not sent (a form of before the stances): a comment.
        required=False,
        widget=forms.RadioSelect,
    )
    text = FreeTextField(
        label=gettext_lazy("Your comment on the draft plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Needed for a comment; optional when you agree or disagree."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone (optional)"),
        max_length=PHONE_MAX_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy(
            "Seen by the commune's officers only, to call you back. Never published."
        ),
    )
    website = forms.CharField(
        label=gettext_lazy("Website"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self) -> str:
        return normalise_mobile(self.cleaned_data.get("phone"))

    def clean_stance(self) -> str:
        return str(self.cleaned_data.get("stance") or Stance.COMMENT)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("stance") == Stance.COMMENT and not cleaned.get("text"):
            self.add_error("text", _("Write your comment."))
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def visible(self) -> list[Any]:
        """The fields people fill in (not the honeypot)."""
        return [field for field in self if field.name != HONEYPOT]
