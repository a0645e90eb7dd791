"""Forms that edit many records at once (a unit's indicator values, a candidate's scores): each
record carries, hidden, the version the page was loaded with (``versioned_forms``'
``row_version_field``), so a save is checked record by record against what the officer saw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from .versioned_forms import hidden_version, parse_version, row_version_field
from .versioning import NOT_STORED


def stored_version(record: Any | None) -> int:
    """The version of a stored record; ``NOT_STORED`` when there is none."""
    return NOT_STORED if record is None else int(record.version)


def add_row_version(form: forms.Form, key: str, record: Any | None) -> None:
    """Give ``form`` the hidden version of the record ``key`` as stored now (``record``)."""
    form.fields[row_version_field(key)] = hidden_version(stored_version(record))


def posted_row_version(data: Mapping[str, Any], key: str) -> int | None:
    """The version posted for the record ``key``; None when it is missing or damaged (the page
    does not say what the officer saw: the caller shows ``STALE_FORM``)."""
    try:
        return parse_version(data.get(row_version_field(key)))
    except forms.ValidationError:
        return None
