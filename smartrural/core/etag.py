"""HTTP validators of versioned records (``core.versioning``) for the JSON API.

A single record's read answers with a strong ``ETag: "v<version>"``; a write to it may send
that tag back in ``If-Match``. A stale tag is a 409 with both values (``EditConflictOut``), as
the issue asks, rather than a bare 412: the client is told what changed. Without ``If-Match``
(or with ``*``) the write is not checked: the last writer wins, as before versions existed.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from .errors import ValidationFailed

_TAG = re.compile(r'^"v(\d{1,10})"$')

IF_MATCH_DOC = (
    'Optional `If-Match`: the `ETag` of the record\'s last read (e.g. `"v3"`). When the record '
    "changed since, nothing is written and the reply is 409 with, per field sent, the value "
    "stored now and the value sent. Without `If-Match` the change is applied to whatever is "
    "stored (the last writer wins)."
)


class FieldConflictOut(Schema):
    field: str
    current: Any = Field(description="The value stored now.")
    sent: Any = Field(description="The value of the request.")
    row: str | None = Field(None, description="Which record, in a write of many.")


class EditConflictOut(Schema):
    detail: str
    conflicts: list[FieldConflictOut]
    current_version: int | None = Field(None, description="The version stored now.")


def etag(version: int) -> str:
    return f'"v{version}"'


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = etag(version)


def if_match_version(request: HttpRequest) -> int | None:
    """The version named by the request's ``If-Match`` (``None`` without one, or ``*``);
    ``ValidationFailed`` (422) for anything but one of our tags."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    match = _TAG.match(raw.strip())
    if match is None:
        raise ValidationFailed(
            _('If-Match must be one ETag read from this API, e.g. "v3", not %(value)s.')
            % {"value": raw.strip()[:40]},
            field="If-Match",
        )
    return int(match.group(1))
