"""Forms of the data-entry pages: values of a unit's indicators, evidence, review, Excel."""

from __future__ import annotations

from .entry import EntryForm
from .fields import comment_field, value_field
from .files import EvidenceForm, WorkbookForm
from .review import AcceptForm, ReturnForm

__all__ = [
    "AcceptForm",
    "EntryForm",
    "EvidenceForm",
    "ReturnForm",
    "WorkbookForm",
    "comment_field",
    "value_field",
]
