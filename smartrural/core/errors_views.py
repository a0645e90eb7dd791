"""Error pages: Vietnamese HTML for people, JSON ``{"detail": ...}`` under /api/."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .overload import overload_kind, overload_response


def respond(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "core/error.html", context, status=status)


def _exception_message(exception: Exception | None, default: str) -> str:
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]
    return default


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return respond(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _exception_message(exception, _("You do not have permission to do this."))
    return respond(request, 403, _("Not allowed"), message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _exception_message(exception, _("The page you asked for does not exist."))
    return respond(request, 404, _("Not found"), message)


def server_error(request: HttpRequest) -> HttpResponse:
    # An overload raised outside a view (e.g. by the session save of a middleware) is a 503.
    exception = sys.exc_info()[1]
    kind = overload_kind(exception)
    if kind is not None and exception is not None:
        return overload_response(request, kind, exception)
    message = _("Something went wrong on our side. The error has been logged; please try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=500)
    # No template context processors here: they may be what failed.
    return HttpResponse(
        "<!doctype html><html lang='vi'><meta charset='utf-8'><title>500</title>"
        f"<main><h1>500</h1><p>{message}</p><p><a href='/'>SmartRural</a></p></main></html>",
        status=500,
    )
