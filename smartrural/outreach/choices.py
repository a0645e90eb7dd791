"""What an officer may choose on the outreach forms and in the outreach API (one place, so the
pages and the API offer the same): the offices that send or issue, the units of an audience,
the templates, and the stations and zones a bulletin may go to. The services check the choice
again; these lists only keep the forms to what will pass."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from smartrural.accounts.access import Visitor, scope_for_user
from smartrural.geo.models import AdministrativeUnit, Level, path_ids, valid_on_q

from .models import Bulletin, Station, Template
from .services.bulletins import target_units_q

OFFICE_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def office_units(user: Visitor, as_of: dt.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The province, districts and communes of ``user``'s scope (valid on ``as_of`` when
    given: a campaign's sender; a bulletin's issuer is any of them)."""
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return AdministrativeUnit.objects.none()
    units = AdministrativeUnit.objects.filter(scope.unit_q(), level__in=OFFICE_LEVELS)
    if as_of is not None:
        units = units.filter(valid_on_q(as_of))
    return units.order_by("path")


def audience_units(user: Visitor, as_of: dt.date) -> QuerySet[AdministrativeUnit]:
    """Every unit of ``user``'s scope valid on ``as_of``, in tree order."""
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(scope.unit_q(), valid_on_q(as_of)).order_by("path")


def templates_for(user: Visitor) -> QuerySet[Template]:
    """Templates in use of the user's units, of the units under them, and of those above them
    (the service checks the one chosen is of the sending unit or above it)."""
    scope = scope_for_user(user)
    active = (
        Template.objects.filter(active=True).select_related("unit").order_by("unit__path", "name")
    )
    if scope.everything:
        return active
    above = {pk for path in scope.paths for pk in path_ids(path)}
    return active.filter(scope.unit_q("unit__") | Q(unit_id__in=above))


def bulletin_targets(
    bulletin: Bulletin,
) -> tuple[QuerySet[Station], QuerySet[AdministrativeUnit]]:
    """The stations in service under the issuing unit, and the units holding them (zones)."""
    stations = (
        Station.objects.filter(active=True)
        .filter(target_units_q([bulletin.unit]))
        .select_related("unit")
        .order_by("unit__path", "name")
    )
    ids: set[int] = set()
    for path in stations.values_list("unit__path", flat=True):
        ids.update(path_ids(path))
    zones = AdministrativeUnit.objects.filter(pk__in=ids).under(bulletin.unit.path).order_by("path")
    return stations, zones
