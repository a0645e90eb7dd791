"""The one shape of a page's POST button (deactivate, reactivate…): the service acts, the page
says so or gives the service's refusal, and the reader goes back to the record's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act


def post_action(
    request: HttpRequest, action: Callable[[], object], *, done: str, then: str
) -> HttpResponse:
    """``core.page_forms.act`` for a button on a list or record page: a refusal is flashed and
    the reader goes back to ``then`` (a URL or a URL name), like a success."""

    def refused(exc: DomainError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(then)

    return act(request, action, message=done, then=then, refused=refused)
