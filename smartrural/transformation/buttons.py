"""The one shape of a page's POST button (deactivate, reactivate…): the service acts, the page
says so or gives the service's refusal, and the reader goes back to the record's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from smartrural.core.errors import DomainError


def post_action(
    request: HttpRequest, action: Callable[[], object], *, done: str, then: str
) -> HttpResponse:
    """Run ``action``; flash ``done``, or the refusal of a ``DomainError``; redirect to
    ``then`` (a URL or a URL name)."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(then)
