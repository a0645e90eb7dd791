"""The one way to write a form page: on POST the form checks the input, a service does the work,
and the page either says so and redirects, or shows the form again with the reason (422 for bad
input, the refusal's own status for a service's ``DomainError``: 409 for an edit conflict).

A view reads::

    form = TeamForm(posted(request))
    done, status = submit(
        request,
        form,
        lambda data: services.team_create(name=data["name"], ..., by=request.user),
        message=lambda team: _("Team “%(name)s” created.") % {"name": team.name},
        then=lambda team: team_url(team),
    )
    if done is not None:
        return done
    return render(request, "...", {"form": form}, status=status)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.datastructures import MultiValueDict

from .errors import DomainError
from .tabular import ImportResult, RowError
from .versioned_forms import show_conflict
from .versioning import EditConflict

T = TypeVar("T")


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, else on the whole form; an edit
    conflict with the values stored and typed (and the form's versions moved on)."""
    if isinstance(exc, EditConflict):
        show_conflict(form, exc)
        return
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def attempt(form: forms.Form, action: Callable[[], T]) -> tuple[T | None, int]:
    """Run ``action``: its result and 200, or ``None`` and the refusal's status with the
    refusal shown on ``form``. For pages whose success is not one message and a redirect."""
    try:
        return action(), 200
    except DomainError as exc:
        add_domain_error(form, exc)
        return None, exc.status_code


def submit(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], T],
    *,
    message: Callable[[T], str] | str,
    then: Callable[[T], str] | str,
) -> tuple[HttpResponse | None, int]:
    """The POST half of a form page.

    Not a POST: ``(None, 200)``, show the form. Invalid form: ``(None, 422)``. ``action`` (given
    the cleaned data) raises a ``DomainError``: the refusal is shown on ``form`` and ``(None,
    its status)``. Otherwise the success ``message`` (text, or made from the result) is flashed
    and the redirect to ``then`` (a URL, or made from the result) is returned with 302.
    """
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 422
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None, exc.status_code
    response = _done(request, result, message, then)
    return response, response.status_code


def import_submit(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[dict[str, Any]], ImportResult],
    *,
    message: Callable[[ImportResult], str],
    then: str,
) -> tuple[HttpResponse | None, int, list[RowError]]:
    """The POST half of an all-or-nothing import page (``core/_import_errors.html`` shows the
    report): ``run`` reads the uploaded file and imports it (given the cleaned data).

    As ``submit``, plus the rows' problems: a refused file (``DomainError``: too large, not a
    spreadsheet) is shown on ``form``; rows with problems are returned (nothing was saved) with
    422; an import done flashes ``message`` and redirects to ``then``.
    """
    if request.method != "POST":
        return None, 200, []
    if not form.is_valid():
        return None, 422, []
    try:
        result = run(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None, exc.status_code, []
    if not result.ok:
        return None, 422, result.errors
    response = _done(request, result, message, then)
    return response, response.status_code, []


def act(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    message: Callable[[T], str] | str,
    then: Callable[[T], str] | str,
    refused: Callable[[DomainError], HttpResponse],
) -> HttpResponse:
    """The POST half of an action button (delete, remove, withdraw, load: nothing to fill in).

    ``action`` runs the service; its result makes the flashed ``message`` and the redirect to
    ``then`` as in ``submit``. A ``DomainError`` (an edit conflict included) is answered by
    ``refused(exc)``, usually the page again with the refusal and ``exc.status_code``.
    """
    try:
        result = action()
    except DomainError as exc:
        return refused(exc)
    return _done(request, result, message, then)


def _done(
    request: HttpRequest,
    result: T,
    message: Callable[[T], str] | str,
    then: Callable[[T], str] | str,
) -> HttpResponse:
    messages.success(request, message(result) if callable(message) else message)
    return redirect(then(result) if callable(then) else then)


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted data (even when empty, so an empty form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None
