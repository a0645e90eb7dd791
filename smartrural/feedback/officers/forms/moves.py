"""The small forms of a report's page: one a move (accept, refuse, assign, start, resolve,
close), the reassignment, the public reply and the internal note. Each carries the report's
version, so a move made on a page loaded before another officer's change is an edit conflict."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartrural.accounts.models import User
from smartrural.core.textcheck import FreeTextField, OneLineTextField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

from ...models import MAX_PHOTOS, REPLY_MAX_CHARS, Refusal


class MoveForm(VersionedForm):
    """Accept, start, close: an optional public reply."""

    version_required = True
    public_text = FreeTextField(
        label=_("Reply to the reporter (public)"),
        max_length=REPLY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResolveForm(MoveForm):
    public_text = FreeTextField(
        label=_("What was done (public reply)"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the reporter what was done.")},
    )


class RefuseForm(MoveForm):
    refusal = forms.ChoiceField(label=_("Reason"), choices=Refusal.choices)
    duplicate_of = forms.IntegerField(
        label=_("Number of the report it repeats"),
        required=False,
        min_value=1,
        max_value=2_147_483_647,
    )
    refer_to = OneLineTextField(label=_("Where to go instead"), max_length=300, required=False)
    public_text = FreeTextField(
        label=_("Reply to the reporter (public)"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tell the reporter why the report is refused.")},
    )
    field_order = ["refusal", "duplicate_of", "refer_to", "public_text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("refusal") == Refusal.DUPLICATE and not data.get("duplicate_of"):
            self.add_error("duplicate_of", _("Name the report this one repeats."))
        if data.get("refusal") == Refusal.NOT_COMPETENT and not data.get("refer_to"):
            self.add_error("refer_to", _("Tell the reporter where to go instead."))
        return data


class AssignForm(MoveForm):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    field_order = ["assignee", "public_text"]

    def __init__(self, data: Any = None, *, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field: Any = self.fields["assignee"]
        field.queryset = officers
        field.label_from_instance = lambda user: user.display_name


class ReassignForm(VersionedForm):
    version_required = True
    unit = forms.ModelChoiceField(label=_("Hand to"), queryset=AdministrativeUnit.objects.none())
    reason = FreeTextField(
        label=_("Reason (internal)"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the report is handed over.")},
    )

    def __init__(
        self, data: Any = None, *, units: QuerySet[AdministrativeUnit], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to ``MAX_PHOTOS`` files; their content is checked by ``feedback.photos``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)d photos at once.") % {"n": MAX_PHOTOS})
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ReplyForm(forms.Form):
    public_text = FreeTextField(
        label=_("Public reply"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reply.")},
    )
    photos = MultiplePhotoField(label=_("Photos (up to 5)"), required=False)


class NoteForm(forms.Form):
    internal_text = FreeTextField(
        label=_("Internal note (never public)"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the note.")},
    )
