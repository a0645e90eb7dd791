"""The JSON API (django-ninja), OpenAPI served locally at /api/v1/docs.

The published OpenAPI is the contract: every error an operation can answer is declared with the
body it really has (``ErrorOut``, listed by ``errors(...)``), request bodies are JSON only
(``application/json``; anything else is 415), a body that is not JSON is 400, a body holding a
lone surrogate and every failed parameter or field check is 422.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import pydantic_core
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from smartrural.accounts.middleware import second_factor_step
from smartrural.accounts.tokens import api_token_authenticate
from smartrural.core.deadline import DeadlineExceeded
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.overload import api_overload_handler
from smartrural.core.versioning import EditConflict

JSON_TYPE = "application/json"


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with the token's user and that user's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser session (CSRF-checked for writes).

    Without a logged-in session there is nothing to protect from CSRF: answer "not
    authenticated" (401) instead of letting the CSRF check answer 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if second_factor_step(user) is not None:
            return None  # logged in with the password only: the second factor is still owed
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not getattr(user, "is_active", False):
            return None
        return user


def anonymous(request: HttpRequest) -> Any:
    """Lets public (open data) operations through for everyone."""
    request.user = getattr(request, "user", None) or AnonymousUser()
    return AnonymousUser()


AUTH = [BearerTokenAuth(), ActiveSessionAuth()]
PUBLIC = [*AUTH, anonymous]
# Public operations say so in the OpenAPI: an empty requirement means "no credentials needed".
PUBLIC_DOC: dict[str, Any] = {"security": [{}]}


# -- parameter types ------------------------------------------------------------------------

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


class JsonParser(Parser):
    """Request bodies of ninja's own body parameters, read by ``parse_json``."""

    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json(request)


class SmartRuralAPI(NinjaAPI):
    """ninja's API, which can also publish input schemas that no parameter names (a body an
    operation reads itself is documented by ``$ref`` to them)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.extra_schemas: dict[str, Any] = {}

    def add_schema(self, model: type[BaseModel]) -> None:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        self.extra_schemas.update(schema.pop("$defs", {}))
        self.extra_schemas[model.__name__] = schema

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, extra in self.extra_schemas.items():
            if schemas.setdefault(name, extra) != extra:
                raise ValueError(f"Two different API schemas are named {name}.")
        return schema


api = SmartRuralAPI(
    title="SmartRural API",
    version="1",
    description="Open data and officer operations of SmartRural. Authenticate with "
    "`Authorization: Bearer <token>` (`smartrural api_token <username>`) or a browser session. "
    'Every error answers `{"detail": "..."}` (422 also lists each failed check in `errors`); '
    "request bodies are JSON sent as `application/json`.",
    auth=AUTH,
    urls_namespace="api",
    parser=JsonParser(),
)


def _error_response(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra = {"field": exc.field} if exc.field else {}
    return _error_response(request, exc.status_code, exc.message, **extra)


@api.exception_handler(EditConflict)
def on_edit_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    """409 with, per field, the value stored now and the value sent (``core.etag``)."""
    return api.create_response(request, exc.as_json(), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) if exc.args and isinstance(exc.args[0], str) else _("Not found.")
    return _error_response(request, 404, message)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error_response(request, 403, str(exc) or _("You do not have permission to do this."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error_response(
        request, 401, _("Authentication required: log in or send a Bearer token.")
    )


# A busy database or a request past its time limit: 503 with Retry-After (other database
# errors are re-raised: a 500).
api.add_exception_handler(DatabaseError, api_overload_handler)
api.add_exception_handler(DeadlineExceeded, api_overload_handler)


_HTTP_MESSAGES = {
    403: gettext_lazy("The request was refused (for a browser session: the CSRF check failed)."),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps what the body parser raised: answer with the parser's own error.
    if isinstance(exc.__cause__, DomainError):
        return on_domain_error(request, exc.__cause__)
    message = _HTTP_MESSAGES.get(exc.status_code)
    return _error_response(request, exc.status_code, str(message or exc))


# Readable messages for pydantic's checks of parameters and fields, by error type.
_CHECK_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("is required"),
    "extra_forbidden": gettext_lazy("is not a field of this operation"),
    "string_type": gettext_lazy("must be a string"),
    "int_type": gettext_lazy("must be a whole number"),
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_from_float": gettext_lazy("must be a whole number"),
    "bool_type": gettext_lazy("must be true or false"),
    "bool_parsing": gettext_lazy("must be true or false"),
    "float_type": gettext_lazy("must be a number"),
    "list_type": gettext_lazy("must be a list"),
    "model_type": gettext_lazy("must be an object"),
    "dict_type": gettext_lazy("must be an object"),
    "model_attributes_type": gettext_lazy("must be an object"),
    "enum": gettext_lazy("must be one of %(expected)s"),
    "literal_error": gettext_lazy("must be one of %(expected)s"),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s"),
    "less_than_equal": gettext_lazy("must be at most %(le)s"),
    "string_too_long": gettext_lazy("must be at most %(max_length)s characters long"),
    "string_pattern_mismatch": gettext_lazy("is not written as expected"),
    "date_type": gettext_lazy("must be a date written YYYY-MM-DD"),
    "date_parsing": gettext_lazy("must be a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("must be a date written YYYY-MM-DD"),
}


def _loc(loc: tuple[Any, ...] | list[Any]) -> list[Any]:
    """``loc`` without the name of the operation's body parameter, which means nothing to
    clients: ``["body", "payload", "name"]`` → ``["body", "name"]``."""
    parts = list(loc)
    if len(parts) > 2 and parts[0] == "body" and isinstance(parts[1], str):
        del parts[1]
    return parts


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    """``["body", "payload", "name"]`` → ``name``; ``["query", "limit"]`` → ``limit``;
    ``["body", 0, "month"]`` (a list body) → ``0.month``."""
    parts = _loc(loc)
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def check_message(error: dict[str, Any]) -> str:
    """One failed pydantic check as "where: what" in the request's language."""
    kind = str(error.get("type", ""))
    if kind.startswith("text_") or kind == "value_error":
        message = str(error.get("msg", ""))  # our own checks: already translated
    elif kind in _CHECK_MESSAGES:
        ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        if "expected" in ctx:  # pydantic's "'a', 'b' or 'c'"
            ctx["expected"] = ctx["expected"].replace(" or ", " " + _("or") + " ")
        try:
            message = str(_CHECK_MESSAGES[kind]) % ctx
        except (KeyError, ValueError):
            message = str(error.get("msg", ""))
    else:
        message = str(error.get("msg", ""))
    return f"{_where(error.get('loc', ()))}: {message}"


def validation_error_body(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The 422 body of failed checks: a readable ``detail`` and every check in ``errors``."""
    return {
        "detail": "; ".join(check_message(e).rstrip(".") for e in items[:5])
        + ("; …" if len(items) > 5 else "."),
        "field": _where(items[0].get("loc", ())) if items else None,
        "errors": [
            {
                "loc": [p if isinstance(p, int) else str(p) for p in _loc(e.get("loc", ()))],
                "msg": check_message(e).split(": ", 1)[-1],
                "type": str(e.get("type", "")),
            }
            for e in items
        ],
    }


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, validation_error_body(exc.errors), status=422)


api.add_router("/units", "smartrural.geo.api.router")
api.add_router("/accounts", "smartrural.accounts.api.router")
api.add_router("", "smartrural.criteria.api.router")
api.add_router("", "smartrural.transformation.api.router")
