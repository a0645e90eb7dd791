"""Building blocks of every app's API operations: parameter types, the error answers and the
JSON body reader, so the apps' routers need nothing from ``config.api`` (which only mounts them).

An input schema that no parameter names (a body an operation reads itself with ``parse_json``)
is published with ``publish_schema`` and documented by ``$ref`` to it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import pydantic_core
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from smartrural.core.errors import DomainError, ValidationFailed

JSON_TYPE = "application/json"

# Input schemas to publish in the OpenAPI beside those the operations' parameters name.
PUBLISHED_SCHEMAS: list[type[BaseModel]] = []


def publish_schema(model: type[BaseModel]) -> None:
    """Publish ``model`` under ``#/components/schemas/<name>`` (read by config.api)."""
    if model not in PUBLISHED_SCHEMAS:
        PUBLISHED_SCHEMAS.append(model)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_parsing", "{reason}", {"reason": _("must be a date written YYYY-MM-DD")}
        )
    return value


# A calendar date written YYYY-MM-DD, and nothing else (no time, no timestamp).
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date_text),
    WithJsonSchema({"type": "string", "format": "date", "example": "2023-07-01"}),
]


def _json_integer(value: Any) -> Any:
    # JSON Schema's integer is a number with no fraction (3 and 3.0); true and "3" are not.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "{reason}", {"reason": _("must be a whole number")})
    if isinstance(value, float):
        if not value.is_integer():
            raise PydanticCustomError(
                "int_from_float", "{reason}", {"reason": _("must be a whole number")}
            )
        return int(value)
    return value


# An integer in a JSON body as JSON Schema means it (a boolean is not a number, nor is text):
# ``Annotated[int, Field(ge=..., le=...), JSON_INTEGER]``. The bounds come before the check, or
# pydantic publishes them under names no JSON Schema reader knows.
JSON_INTEGER = BeforeValidator(_json_integer)


# -- errors -------------------------------------------------------------------------------


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Where: the part of the request, then the field.")
    msg: str = Field(description="What is wrong with it, in the request's language.")
    type: str = Field(description="A stable code of the kind of problem (pydantic's).")


class ErrorOut(Schema):
    """Every error answer of the API."""

    detail: str = Field(description="What is wrong, as one readable sentence.")
    field: str | None = Field(
        None, description="The input field at fault (the first one for 422), when there is one."
    )
    errors: list[ErrorItem] | None = Field(
        None, description="Every failed check of a parameter or body field (422 only)."
    )


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers of an operation: ``response={200: Out, **errors(401, 404, 422)}``."""
    return dict.fromkeys(statuses, ErrorOut)


# Errors of any operation with a JSON body: not JSON (400), not sent as JSON (415), a lone
# surrogate or a field check (422).
BODY_ERRORS = (400, 415, 422)


class UnsupportedMediaType(DomainError):
    status_code = 415


class MalformedBody(DomainError):
    status_code = 400


def parse_json(request: HttpRequest) -> Any:
    """The JSON body of ``request``: 415 unless sent as ``application/json``, 400 when it is not
    JSON (or not UTF-8), 422 when a string in it holds a lone surrogate (not a character: it
    could not be stored or shown)."""
    if (request.content_type or "").lower() != JSON_TYPE:
        raise UnsupportedMediaType(
            _(
                "Send the body as JSON, with the header Content-Type: application/json "
                "(not %(type)s)."
            )
            % {"type": request.content_type or _("none")}
        )
    try:
        return pydantic_core.from_json(request.body or b"null", allow_inf_nan=False)
    except ValueError as exc:
        surrogate = _lone_surrogate(request.body)
        if surrogate is not None:
            raise ValidationFailed(
                _(
                    "The body holds the escape \\u%(code)s, half of a surrogate pair without "
                    "its other half: it is not a character and cannot be stored."
                )
                % {"code": surrogate}
            ) from None
        raise MalformedBody(
            _("The body is not valid JSON: %(reason)s.") % {"reason": exc}
        ) from None


_ESCAPE = re.compile(rb"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)


def _lone_surrogate(body: bytes) -> str | None:
    """The first ``\\uXXXX`` escape of ``body`` that is half a surrogate pair alone, or None.
    (Escapes are read left to right, so an escaped backslash is not taken for one.)"""
    pending: str | None = None  # a high surrogate waiting for its low half
    pending_end = -1
    for match in _ESCAPE.finditer(body):
        token = match.group(1).decode("ascii", "replace")
        code = int(token[1:], 16) if token.startswith("u") and len(token) == 5 else None
        is_high = code is not None and 0xD800 <= code <= 0xDBFF
        is_low = code is not None and 0xDC00 <= code <= 0xDFFF
        adjacent = match.start() == pending_end
        if pending is not None and not (is_low and adjacent):
            return pending
        if is_low and pending is None:
            return token[1:]
        pending = token[1:] if is_high else None
        pending_end = match.end()
    return pending
