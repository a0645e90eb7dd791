"""The comments list's filter and the answer form (publishing and rejecting use the
consultations' moderation forms: a plan's comments are its consultation)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import VersionedForm

from ..models import CommentStatus


class CommentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *CommentStatus.choices],
    )

    def wanted(self) -> str:
        """The status asked for (empty: every status; also when the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data["status"])


class AnswerForm(VersionedForm):
    version_required = True
    answer = FreeTextField(
        label=_("Answer (published under the comment)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the answer.")},
    )
