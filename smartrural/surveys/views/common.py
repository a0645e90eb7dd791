"""What the officers' survey pages share: the page methods, breadcrumbs, the units a user may
hold a survey for."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, scope_for_user
from smartrural.geo.models import AdministrativeUnit

from ..models import Survey
from ..services.surveys import SURVEY_LEVELS

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


def list_url() -> str:
    return reverse("surveys:survey-list")


def detail_url(survey: Survey) -> str:
    return reverse("surveys:survey-detail", args=[survey.pk])


def crumbs(survey: Survey | None = None) -> list[tuple[str, str]]:
    items = [(list_url(), _("Surveys"))]
    if survey is not None:
        items.append((detail_url(survey), survey.title))
    return items


def survey_units(user: Visitor) -> QuerySet[AdministrativeUnit]:
    """The communes and districts of ``user``'s scope, whenever they existed."""
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return AdministrativeUnit.objects.none()
    return (
        AdministrativeUnit.objects.filter(scope.unit_q(), level__in=SURVEY_LEVELS)
        .select_related("parent")
        .order_by("path")
    )


def units_in_year(units: QuerySet[AdministrativeUnit], year: int) -> QuerySet[AdministrativeUnit]:
    """Those of ``units`` that exist on some day of ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
