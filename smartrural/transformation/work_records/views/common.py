"""What the work record pages share: the year they open on, the unit page's address, the
breadcrumbs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import page_year
from smartrural.geo.models import AdministrativeUnit

from ...models import WorkRecordStat


def records_year(request: ActorRequest) -> int:
    """The ``year`` asked, else the year of the latest figures among the user's units (the
    reference-date rule), else this year."""
    return page_year(
        request, data=WorkRecordStat.objects.all(), field="month", dated_by="date"
    ).year


def page_url(unit: AdministrativeUnit | str, year: int, **extra: str) -> str:
    code = unit if isinstance(unit, str) else unit.code
    query = urlencode({"unit": code, "year": year, **extra})
    return f"{reverse('transformation:work-records')}?{query}"


def crumbs() -> list[tuple[str, str]]:
    return [
        ("/transformation/", _("Digital transformation")),
        (reverse("transformation:work-records"), _("Work records")),
    ]
