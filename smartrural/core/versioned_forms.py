"""What edit forms share about concurrent edits: the version the page was loaded with travels in
a hidden field, and a refused save (``EditConflict``) is shown on the form with both values.

- ``VersionedForm``: a hidden ``version``. Required when the form was built with
  ``initial["version"]`` (an edit page) or ``version_required`` (a button on a record's page);
  optional on a form that also creates (no record, no version).
- ``row_version_field``: the hidden ``version_<key>`` of one record of a form that edits many.
- ``show_conflict(form, exc)``: the page answers 409 with the form as the officer typed it, the
  conflict block at the top (``core/_conflict.html``, reading ``form.edit_conflict``) and the
  hidden versions moved on to the stored ones, so saving again keeps the officer's values;
  ``show_stored`` puts the stored values back in the records the officer did not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .versioning import EditConflict

STALE_FORM = _(
    "This form does not say which version of the record you edited: reload the page and enter "
    "your changes again."
)


def parse_version(raw: Any) -> int | None:
    """A posted version: ``None`` when empty; ``forms.ValidationError`` when not a number."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 10:
        raise forms.ValidationError(STALE_FORM)
    return int(text)


def row_version_field(key: str) -> str:
    """The name of the hidden version of the record ``key`` in a form that edits many."""
    return f"version_{key}"


def hidden_version(initial: int | None = None) -> forms.CharField:
    # Text, read by ``parse_version``: a damaged value is a message at the top of the form,
    # not an error on a field nobody sees.
    return forms.CharField(widget=forms.HiddenInput, required=False, initial=initial)


class VersionedForm(forms.Form):
    version = hidden_version()
    version_required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required = self.version_required or self.initial.get("version") is not None
        try:
            version = parse_version(data.get("version"))
        except forms.ValidationError as error:
            self.add_error(None, error)
            return data
        if version is None and required:
            self.add_error(None, STALE_FORM)
        data["version"] = version
        return data


def show_conflict(form: forms.Form, exc: EditConflict) -> None:
    """Show ``exc`` on ``form`` (re-rendered with what was typed) and move its hidden versions
    on to the stored ones: a second save means "keep my values"."""
    setattr(form, "edit_conflict", exc)  # noqa: B010 - read by core/_conflict.html
    bound: Any = form.data  # a QueryDict (or a dict) when bound
    data = bound.copy()
    if exc.current_version is not None and "version" in form.fields:
        data[form.add_prefix("version")] = str(exc.current_version)
    for conflict in exc.conflicts:
        name = row_version_field(conflict.row)
        if conflict.row and conflict.version is not None and name in form.fields:
            data[form.add_prefix(name)] = str(conflict.version)
    form.data = data


def show_stored(form: forms.Form, values: Mapping[str, Any]) -> None:
    """Put ``values`` (field name -> value stored now) into a bound ``form``, as shown and as
    loaded: after a conflict, the records the officer did not change show what is stored now,
    and saving again still leaves them alone."""
    bound: Any = form.data  # a QueryDict (or a dict) when bound
    data = bound.copy()
    for name, value in values.items():
        if name not in form.fields:
            continue
        text = "" if value is None else str(value)
        data[form.add_prefix(name)] = text
        if form.fields[name].show_hidden_initial:
            data[form.add_initial_prefix(name)] = text
    form.data = data
