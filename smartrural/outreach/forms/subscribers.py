"""Forms of the subscriber pages: the filter of the list, a subscriber's data, the
unsubscribe button, coming back on a new consent, and the import's file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from smartrural.core.textcheck import CollapsedNameField
from smartrural.core.versioned_forms import VersionedForm
from smartrural.geo.models import AdministrativeUnit

from ..models import PERSONAL_CHANNELS, Channel, ConsentSource, Topic

CHANNEL_SLOTS = ("channel_1", "channel_2", "channel_3", "channel_4")
PERSONAL_CHOICES = [(c, label) for c, label in Channel.choices if c in PERSONAL_CHANNELS]


class HamletChoiceField(forms.ModelChoiceField[AdministrativeUnit]):
    """A hamlet, named with its commune (two communes may each have an "Ấp Chợ")."""

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        parent = obj.parent.name if obj.parent_id and obj.parent else ""
        return f"{obj.name} — {parent} ({obj.code})" if parent else f"{obj.name} ({obj.code})"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class SubscriberFilterForm(forms.Form):
    hamlet = HamletChoiceField(
        label=gettext_lazy("Hamlet"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    q = forms.CharField(label=gettext_lazy("Name or phone"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"),
        required=False,
        choices=[("", gettext_lazy("All")), *Topic.choices],
    )
    channel = forms.ChoiceField(
        label=pgettext_lazy("outreach", "Channel"),
        required=False,
        choices=[("", gettext_lazy("All")), *PERSONAL_CHOICES],
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Subscribed")),
            ("no", gettext_lazy("Unsubscribed")),
        ],
    )

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets


class SubscriberForm(VersionedForm):
    hamlet = HamletChoiceField(
        label=gettext_lazy("Hamlet"), queryset=AdministrativeUnit.objects.none()
    )
    name = CollapsedNameField(
        label=gettext_lazy("Name to address them by"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Optional: notices say “bà con” when it is empty."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=gettext_lazy("For SMS and Zalo ZNS: 0912 345 678 or +84 912 345 678."),
    )
    email = forms.CharField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    zalo_user_id = forms.CharField(
        label=gettext_lazy("Zalo follower id"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("Given by Zalo when the resident follows the commune's account."),
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    channel_1 = forms.ChoiceField(
        label=gettext_lazy("First channel"),
        choices=[("", "—"), *PERSONAL_CHOICES],
        required=False,
    )
    channel_2 = forms.ChoiceField(
        label=gettext_lazy("If that fails"), choices=[("", "—"), *PERSONAL_CHOICES], required=False
    )
    channel_3 = forms.ChoiceField(
        label=gettext_lazy("Then"), choices=[("", "—"), *PERSONAL_CHOICES], required=False
    )
    channel_4 = forms.ChoiceField(
        label=gettext_lazy("Last"), choices=[("", "—"), *PERSONAL_CHOICES], required=False
    )
    consent_on = forms.DateField(
        label=gettext_lazy("Consent given on"), widget=date_input(), required=False
    )
    consent_source = forms.ChoiceField(
        label=gettext_lazy("Consent given through"),
        choices=[("", "—"), *ConsentSource.choices],
        required=False,
    )

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["hamlet"]
        field.queryset = hamlets

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["channels"] = [data[slot] for slot in CHANNEL_SLOTS if data.get(slot)]
        return data


def channel_initial(channels: list[str]) -> dict[str, str]:
    return dict(zip(CHANNEL_SLOTS, channels, strict=False))


class UnsubscribeForm(VersionedForm):
    """The officer's "unsubscribe" button on a subscriber's page."""

    version_required = True


class ResubscribeForm(VersionedForm):
    version_required = True
    consent_on = forms.DateField(label=gettext_lazy("New consent given on"), widget=date_input())
    consent_source = forms.ChoiceField(
        label=gettext_lazy("New consent given through"), choices=ConsentSource.choices
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
