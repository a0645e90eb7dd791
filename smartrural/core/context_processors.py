from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _nav_for(user: Any) -> list[tuple[str, Any]]:
    """The main menu: the public pages for everyone; officials' pages for officials only
    (a resident's account shows what the public sees, and their own account)."""
    items: list[tuple[str, Any]] = [
        (reverse("geo:unit-list"), _("Administrative units")),
        (reverse("results:province"), _("NTM results")),
    ]
    if getattr(user, "is_resident", False):
        items.append((reverse("accounts:account"), _("My account")))
    elif getattr(user, "is_authenticated", False):
        items.append((reverse("reports:dashboard"), _("Dashboard")))
        items.append((reverse("criteria:entry-home"), _("Indicator data")))
        items.append((reverse("recognition:dossier-list"), _("Recognition dossiers")))
        items.append((reverse("transformation:dashboard"), _("Digital transformation")))
        items.append((reverse("criteria_sets:list"), _("Criteria sets")))
        if user.can_manage_users:
            items.append((reverse("accounts:user-list"), _("Users")))
        items.append((reverse("accounts:account"), _("My account")))
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "PROVINCE_NAME": settings.PROVINCE_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        # A request refused before the auth middleware ran (e.g. a bad Host header) has no
        # user: its error page still renders, with the anonymous menu.
        "nav_items": _nav_for(getattr(request, "user", None)),
    }
