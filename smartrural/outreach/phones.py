"""Vietnamese mobile numbers: what residents type, what providers want.

Residents write "0912 345 678", "+84 912345678" or "84912345678"; ZNS and the SMS gateways want
E.164 digits without "+" ("84912345678"). Since the 2018 renumbering a mobile number is 0 + nine
digits starting 3, 5, 7, 8 or 9; landlines (02x) cannot take SMS or ZNS and are refused.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"[35789]\d{8}")


def phone_normalise(raw: str) -> str:
    """``raw`` as "84" + nine digits; ValidationError (in the reader's language) otherwise."""
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = ""
    if not _MOBILE.fullmatch(national):
        raise ValidationError(
            _(
                "“%(value)s” is not a Vietnamese mobile number: write 10 digits starting with "
                "03, 05, 07, 08 or 09 (e.g. 0912 345 678), or +84 and the number without its 0."
            )
            % {"value": raw.strip()[:30]},
            code="invalid",
        )
    return "84" + national


def phone_display(e164: str) -> str:
    """ "84912345678" → "0912 345 678" (as residents write it)."""
    if not e164:
        return ""
    national = "0" + e164[2:]
    return f"{national[:4]} {national[4:7]} {national[7:]}"
