"""What the pilot views share: breadcrumbs, page size, turning a refusal into a form error."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor

PAGE_SIZE = 25


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs of the shared history page: digital transformation › smart pilots › …"""
    return [
        ("/transformation/", _("Digital transformation")),
        (reverse("transformation:pilot-list"), _("Smart pilots")),
        *extra,
    ]


def is_province_office(user: Actor) -> bool:
    return bool(getattr(user, "can_write", False) and getattr(user, "sees_everything", False))
