"""The district's review of a value: return it with a reason, or accept it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import VersionedForm


class ReturnForm(VersionedForm):
    version_required = True
    comment = FreeTextField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(VersionedForm):
    """The accept button: the version of the value the reviewer saw."""

    version_required = True
