"""Tracking codes: the reporter's secret key to the status page of their report.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 49 bits:
guessing one among a million stored codes takes about 5·10^8 tries, and the status page is rate
limited. Only its sha256 is stored; the code is shown once, on the confirmation page (and in the
e-mail to the reporter). Codes are written in groups (``ABCD-EFGH-JK``) and read back ignoring
case, spaces and hyphens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str | None:
    """The code as stored (upper case, no separators), or None when it cannot be one."""
    text = "".join(ch for ch in code.upper() if ch not in " -\t")
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def keyed_hash(value: str) -> str:
    """A keyed hash of a personal value (an address, a phone), for rate limits and "me too":
    equal values give equal hashes, and the value cannot be read back without the key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
