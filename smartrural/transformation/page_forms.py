"""What the section's form pages share: a service's refusal (``DomainError``) shown on the form
field it names (an edit conflict shown with both values, ``core/_conflict.html``), and the
posted data of a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

from smartrural.core.errors import DomainError
from smartrural.core.versioned_forms import show_conflict
from smartrural.core.versioning import EditConflict

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
    refusal shown on ``form``."""
    try:
        return action(), 200
    except DomainError as exc:
        add_domain_error(form, exc)
        return None, exc.status_code


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted data (even when empty, so an empty form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None
