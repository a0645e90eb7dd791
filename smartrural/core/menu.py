"""The main menu of every page, by who reads it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def main_menu(user: object) -> list[tuple[str, Any]]:
    """The main menu: the public pages for everyone; officials' pages for officials only
    (a resident's account shows what the public sees, and their own account). ``user``: the
    request's user, anonymous or None (a request refused before the auth middleware ran); core
    knows no user model, so it asks by name."""
    items: list[tuple[str, Any]] = [
        (reverse("geo:unit-list"), _("Administrative units")),
        (reverse("results:province"), _("NTM results")),
    ]
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_resident", False):
        # Residents' reports: the lists and the form (officials have their work queue below).
        items.append((reverse("feedback:report-index"), _("Residents' reports")))
    if getattr(user, "is_resident", False):
        items.append((reverse("accounts:account"), _("My account")))
    elif getattr(user, "is_authenticated", False):
        items.append((reverse("reports:dashboard"), _("Dashboard")))
        items.append((reverse("criteria:entry-home"), _("Indicator data")))
        items.append((reverse("recognition:dossier-list"), _("Recognition dossiers")))
        items.append((reverse("transformation:dashboard"), _("Digital transformation")))
        items.append((reverse("feedback-work:queue"), _("Feedback")))
        items.append((reverse("portal-work:comments"), _("Comments on plans")))
        items.append((reverse("surveys:survey-list"), _("Surveys")))
        items.append((reverse("outreach:home"), _("Outreach")))
        if getattr(user, "can_write", False):
            items.append((reverse("wagtailadmin_home"), _("Portal editing")))
        items.append((reverse("criteria_sets:list"), _("Criteria sets")))
        if getattr(user, "can_manage_users", False):
            items.append((reverse("accounts:user-list"), _("Users")))
        items.append((reverse("accounts:account"), _("My account")))
    return items
