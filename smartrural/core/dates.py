"""Dates as the province sees them: "today" in Asia/Ho_Chi_Minh, "as of" parameters."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ValidationFailed


def today() -> dt.date:
    return timezone.localdate()


def parse_as_of(value: str | None) -> dt.date:
    """Parse an ``as_of`` parameter (YYYY-MM-DD or dd/mm/yyyy); empty means today."""
    if value is None or value.strip() == "":
        return today()
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(
        _("“%(value)s” is not a valid date; use YYYY-MM-DD or dd/mm/yyyy.") % {"value": text},
        field="as_of",
    )
