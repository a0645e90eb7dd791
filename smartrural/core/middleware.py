"""Request-wide middleware of the core: the language, and NUL characters refused at the door.

``LanguageMiddleware`` — Vietnamese first: the language is Vietnamese unless the user chose another
with the switch. Django's LocaleMiddleware would follow the browser's Accept-Language header, so a
phone set to English would get English pages without asking. SmartRural's users expect
Vietnamese; English is there for those who pick it (the choice is kept in the language cookie).

``NulGuardMiddleware`` — no text the platform keeps or looks up may hold a NUL (U+0000), and
PostgreSQL refuses one in any text parameter (a ``DataError``, which would be a 500). Rather than
every lookup of a code, a filter or a search checking it, the request is checked once, before
any of it reaches a query: a NUL in the path, a query parameter (name or value) or a header is a
400 saying where; a cookie holding one is dropped (a browser with a damaged session cookie is
then simply logged out, not locked out). Form and JSON bodies are left to their forms and schemas,
which refuse control characters naming the field.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .errors_views import respond

NUL = "\x00"


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so one request's choice never
        # leaks into the next piece of work on this thread.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def _nul_problem(request: HttpRequest) -> str | None:
    """Where the request holds a NUL, as the message to answer with; None if nowhere."""

    def said(label: str, text: str) -> str:
        return _(
            "%(label)s must not contain control characters (%(char)s at position %(position)s)."
        ) % {"label": label, "char": "U+0000", "position": text.index(NUL) + 1}

    if NUL in request.path:
        return said(pgettext("request", "The address"), request.path)
    for name, values in request.GET.lists():
        if NUL in name:
            return said(_("The name of a parameter"), name)
        for value in values:
            if NUL in value:
                return said(_('The parameter "%(name)s"') % {"name": name}, value)
    for key, value in request.META.items():
        if key.startswith("HTTP_") and key != "HTTP_COOKIE" and NUL in value:
            header = key[5:].replace("_", "-").title()
            return said(_('The header "%(name)s"') % {"name": header}, value)
    return None


class NulGuardMiddleware:
    """A NUL in the path, a query parameter or a header: 400. A cookie holding one: dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.META.get("HTTP_COOKIE", ""):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if NUL not in name and NUL not in value
            }
        problem = _nul_problem(request)
        if problem is not None:
            return respond(request, 400, _("Bad request"), problem)
        return self.get_response(request)
