"""Officials' pages: views and whole URL modules that residents do not see.

A resident (người dân) has an account to read their commune's public results and, later, to send
feedback and answer surveys; the officers' pages (data entry, dossiers, dashboards, digital
transformation records with officials' names, identity codes and attendance) answer 404 to them,
as a unit outside an officer's scope does. ``officials_area`` marks a whole URL module so that a
page added to it later is covered without anyone remembering to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from importlib import import_module
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver

from .access import require_official

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def officials_only(view: View) -> View:
    """``view`` answers 404 to residents (``access.require_official``); anonymous visitors reach
    it as before (its ``login_required`` sends them to the login page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_official(request.user)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _guarded(patterns: Sequence[URLPattern | URLResolver]) -> list[URLPattern]:
    out = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            # Nested includes would need their own wrapping; none of the areas has one.
            raise TypeError(f"officials_area cannot guard the nested include {pattern!r}")
        out.append(
            URLPattern(
                pattern.pattern,
                officials_only(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        )
    return out


def officials_area(urlconf: str) -> tuple[list[URLPattern], str]:
    """The URL module ``urlconf`` with every view wrapped in ``officials_only``, for
    ``include(officials_area("smartrural.reports.urls"))`` (its ``app_name`` is kept)."""
    module = import_module(urlconf)
    return _guarded(module.urlpatterns), module.app_name
