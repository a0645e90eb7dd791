"""Forms of the community technology team pages. They check the input (names with runs of
white space made one, a Vietnamese phone number, a plausible number of households); the
services check what needs the database or the day (scope, dates, unique names)."""

from __future__ import annotations

from .activities import MAX_HOUSEHOLDS, ActivityForm
from .filters import ACTIVE_CHOICES, TeamFilterForm
from .members import MemberForm, PhoneField, normalise_phone
from .teams import StoppedOnForm, TeamForm

__all__ = [
    "ACTIVE_CHOICES",
    "MAX_HOUSEHOLDS",
    "ActivityForm",
    "MemberForm",
    "PhoneField",
    "StoppedOnForm",
    "TeamFilterForm",
    "TeamForm",
    "normalise_phone",
]
