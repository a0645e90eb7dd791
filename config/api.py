"""The JSON API (django-ninja), OpenAPI served locally at /api/v1/docs.

The published OpenAPI is the contract: every error an operation can answer is declared with the
body it really has (``ErrorOut``, listed by ``errors(...)``), request bodies are JSON only
(``application/json``; anything else is 415), a body that is not JSON is 400, a body holding a
lone surrogate and every failed parameter or field check is 422.

This module only builds the API and mounts the apps' routers: the parameter types, error
schemas and body reader are in ``smartrural.core.api``, the authentication in
``smartrural.accounts.api_auth``, so no app imports ``config``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import BaseModel

from smartrural.accounts.api_auth import AUTH
from smartrural.core.api import JSON_TYPE, PUBLISHED_SCHEMAS, parse_json
from smartrural.core.deadline import DeadlineExceeded
from smartrural.core.errors import DomainError
from smartrural.core.overload import api_overload_handler
from smartrural.core.versioning import EditConflict


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
        for model in PUBLISHED_SCHEMAS:  # the apps' (``smartrural.core.api.publish_schema``)
            self.add_schema(model)
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, extra in self.extra_schemas.items():
            if schemas.setdefault(name, extra) != extra:
                raise ValueError(f"Two different API schemas are named {name}.")
        # A NUL in a path, a parameter or a header is refused with 400 before the operation
        # (smartrural.core.middleware.NulGuardMiddleware): every operation says so, and every
        # free text parameter's pattern excludes it.
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]  # keyed by int (ninja's) or by str
                if 400 not in responses and "400" not in responses:
                    responses[400] = NUL_REFUSED
                for parameter in operation.get("parameters", ()):
                    _exclude_nul(parameter["schema"])
        return schema


NUL_REFUSED = {
    "description": "Bad Request: a NUL character (U+0000) in the path, a parameter or a header.",
    "content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


def _exclude_nul(schema: dict[str, Any]) -> None:
    """A string schema free of other constraints on its characters gets ``[^\\u0000]*``."""
    if schema.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(schema):
        schema["pattern"] = "^[^\\u0000]*$"
    for alternative in schema.get("anyOf", ()):
        _exclude_nul(alternative)


api = SmartRuralAPI(
    title="SmartRural API",
    version="1",
    description="Open data and officer operations of SmartRural. Authenticate with "
    "`Authorization: Bearer <token>` (`smartrural api_token <username>`) or a browser session. "
    'Every error answers `{"detail": "..."}` (422 also lists each failed check in `errors`); '
    "request bodies are JSON sent as `application/json`; a NUL character (U+0000) in a path, "
    "parameter or header is refused with 400 before anything else is checked.",
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
api.add_router("", "smartrural.surveys.api.router")
api.add_router("", "smartrural.outreach.api_devices.router")
api.add_router("", "smartrural.outreach.api.router")
