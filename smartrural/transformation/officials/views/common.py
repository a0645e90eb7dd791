"""What the officials and trainings views share: breadcrumbs, form errors from services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor

PAGE_SIZE = 25


def officials_crumb() -> tuple[str, str]:
    return reverse("transformation:official-list"), _("Officials")


def trainings_crumb() -> tuple[str, str]:
    return reverse("transformation:training-list"), _("Trainings")


def history_crumbs(*crumbs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs of the shared history page, which does not extend the section's base."""
    return [("/transformation/", _("Digital transformation")), *crumbs]


def may_write(user: Actor) -> bool:
    return bool(getattr(user, "can_write", False))
