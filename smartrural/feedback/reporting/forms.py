"""The report form: what, where (a commune or hamlet valid today, an optional position), photos,
who (optional contact) and a honeypot (the status page's forms are in ``track_forms``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField, NameField
from smartrural.geo.models import AdministrativeUnit
from smartrural.outreach.phones import phone_normalise

from ..extents import position_problem
from ..models import DESCRIPTION_MAX_CHARS, MAX_PHOTOS, Category
from .places import CategoryGroup, CommuneGroup, category_groups, place_groups, province_on

HONEYPOT = "website"  # a field people leave empty (hidden by CSS) and form-filling bots fill


def normalise_mobile(value: Any) -> str:
    """A Vietnamese mobile number as residents write it: "0912345678" ("" when empty)."""
    text = str(value or "").strip()
    return "0" + phone_normalise(text)[2:] if text else ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` files; their content is checked when stored (``feedback.photos``)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                gettext("At most %(n)d photos per report; you chose %(count)d.")
                % {"n": MAX_PHOTOS, "count": len(files)}
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _category_choices(groups: list[CategoryGroup]) -> list[Any]:
    choices: list[Any] = [("", gettext("— choose what it is about —"))]
    for group in groups:
        leaves = [(str(c.pk), c.name) for c in group.leaves]
        choices.extend([(group.name, leaves)] if group.name else leaves)
    return choices


def _place_choices(groups: list[CommuneGroup]) -> list[Any]:
    choices: list[Any] = [("", gettext("— choose the commune or hamlet —"))]
    for g in groups:
        whole = (
            str(g.commune.pk),
            gettext("%(commune)s (whole commune)") % {"commune": g.commune.name},
        )
        choices.append((g.commune.name, [whole, *((str(h.pk), h.name) for h in g.hamlets)]))
    return choices


class ReportForm(forms.Form):
    # Plain fields with a <select>: their values are checked by ``clean_category`` and
    # ``clean_place`` with messages of their own, not ChoiceField's generic one.
    category = forms.CharField(label=_("What is it about?"), widget=forms.Select)
    place = forms.CharField(
        label=_("Where?"),
        widget=forms.Select,
        help_text=_("The commune, or better the hamlet (ấp) where the problem is."),
    )
    description = FreeTextField(
        label=_("Describe the problem"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What, where exactly (a landmark, a house number), since when."),
    )
    latitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(n)d photos (JPEG, PNG or WebP). Their location data are removed.")
        % {"n": MAX_PHOTOS},
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    name = NameField(label=_("Your name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Seen by officers only, to ask you about the problem."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("To be told of every answer. Seen by officers only."),
    )
    hide_name = forms.BooleanField(label=_("Do not publish my name"), required=False)
    website = forms.CharField(
        label=_("Website"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = day
        self.province = province_on(day)
        self.category_groups = category_groups()
        self.place_groups = place_groups(self.province, day)
        self.fields["category"].widget.choices = _category_choices(self.category_groups)
        self.fields["place"].widget.choices = _place_choices(self.place_groups)
        self._units = {u.pk: u for g in self.place_groups for u in (g.commune, *g.hamlets)}
        self._categories = {c.pk: c for g in self.category_groups for c in g.leaves}

    def clean_phone(self) -> str:
        return normalise_mobile(self.cleaned_data.get("phone"))

    def clean_place(self) -> AdministrativeUnit:
        value = self.cleaned_data.get("place", "")
        pk = int(value) if str(value).isdigit() and len(str(value)) < 12 else None
        unit = self._units.get(pk) if pk is not None else None
        if unit is not None:
            return unit
        gone = AdministrativeUnit.objects.filter(pk=pk).first() if pk is not None else None
        if gone is not None and not gone.is_valid_on(self.day):
            raise forms.ValidationError(
                gettext(
                    "%(unit)s is no longer an administrative unit on %(day)s: "
                    "choose the current commune or hamlet."
                )
                % {"unit": gone.name, "day": self.day.strftime("%d/%m/%Y")}
            )
        raise forms.ValidationError(
            gettext(
                "This place is not a commune or hamlet of the province on %(day)s: "
                "choose one from the list."
            )
            % {"day": self.day.strftime("%d/%m/%Y")}
        )

    def clean_category(self) -> Category:
        value = str(self.cleaned_data.get("category", ""))
        pk = int(value) if value.isdigit() and len(value) < 12 else None
        category = self._categories.get(pk) if pk is not None else None
        if category is None:
            raise forms.ValidationError(
                gettext(
                    "This category does not exist or no longer takes reports: "
                    "choose one from the list."
                )
            )
        return category

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error(None, gettext("The position needs both a latitude and a longitude."))
        elif lat is not None and lng is not None:
            problem = position_problem(self.province, lat, lng)
            if problem:
                self.add_error(None, problem)
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class SimilarForm(ReportForm):
    """Only what the "similar reports" look-up needs: category and place (and the position)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("description", "photos", "name", "phone", "email"):
            self.fields[name].required = False
