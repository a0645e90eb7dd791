"""What the pilot views share: breadcrumbs, page size, turning a refusal into a form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.core.errors import DomainError

PAGE_SIZE = 25


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs of the shared history page: digital transformation › smart pilots › …"""
    return [
        ("/transformation/", _("Digital transformation")),
        (reverse("transformation:pilot-list"), _("Smart pilots")),
        *extra,
    ]


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, else on the whole form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def is_province_office(user: Any) -> bool:
    return bool(getattr(user, "can_write", False) and getattr(user, "sees_everything", False))
