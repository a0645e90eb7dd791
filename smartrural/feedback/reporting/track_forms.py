"""The small forms of the status page: the tracking code, the rating, the reopening reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField

from .. import tracking
from ..models import MAX_RATING


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("The 10-character code shown when you sent the report, e.g. ABCD-EFGH-JK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = tracking.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                gettext("A tracking code has 10 letters and digits, e.g. ABCD-EFGH-JK.")
            )
        return code


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was it solved?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(MAX_RATING, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Give a rating from 1 to 5.")},
    )
    comment = FreeTextField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = FreeTextField(
        label=_("Why is the problem not solved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published on the report's page."),
    )
