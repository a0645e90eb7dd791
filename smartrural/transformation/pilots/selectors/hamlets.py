"""Smart hamlets: the gates of a hamlet and of an assessment, the scoped communes and hamlets of
a year with how many checklist items each meets, and their totals."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit, Level

from ...access import object_in_scope
from ...models import HamletAssessment, SmartHamletItem
from .common import reference_date


def hamlet_for_user(user: Actor, hamlet_id: Any, *, write: bool = False) -> AdministrativeUnit:
    """A hamlet in ``user``'s scope (404 otherwise); ``write``: 403 for read-only users."""
    scope = scope_for_user(user)
    hamlet = (
        AdministrativeUnit.objects.filter(level=Level.HAMLET, pk=hamlet_id)
        .filter(scope.unit_q())
        .select_related("parent__parent")
        .first()
    )
    if hamlet is None:
        raise Http404(_("Not found, or outside your units."))
    if write:
        require_writer(user)
    return hamlet


def assessment_for_user(user: Actor, assessment_id: Any) -> HamletAssessment:
    qs = HamletAssessment.objects.select_related("hamlet", "item")
    return object_in_scope(qs, user, assessment_id, unit_field="hamlet")


def communes_for_user(*, user: Actor, year: int) -> QuerySet[AdministrativeUnit]:
    """Communes valid in ``year`` in ``user``'s scope (their own commune for a commune officer,
    the district's communes for a district officer, every commune for the province office)."""
    scope = scope_for_user(user)
    qs = AdministrativeUnit.objects.valid_on(reference_date(year)).filter(level=Level.COMMUNE)
    return qs.filter(scope.unit_q()).order_by("path")


def active_item_count() -> int:
    return SmartHamletItem.objects.filter(active=True).count()


def hamlets_for_user(
    *,
    user: Actor,
    year: int,
    commune: AdministrativeUnit | None = None,
    smart: bool | None = None,
    items: int | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Hamlets valid in ``year`` in ``user``'s scope, each with ``met`` (active items met that
    year) and ``assessed`` (active items assessed). ``smart`` keeps only the hamlets meeting
    every active item (True) or the others (False); ``items`` is the number of active items."""
    scope = scope_for_user(user)
    qs = (
        AdministrativeUnit.objects.valid_on(reference_date(year))
        .filter(level=Level.HAMLET)
        .filter(scope.unit_q())
    )
    if commune is not None:
        qs = qs.filter(parent=commune)
    this_year = Q(smart_assessments__year=year, smart_assessments__item__active=True)
    qs = qs.select_related("parent").annotate(
        met=Count("smart_assessments", filter=this_year & Q(smart_assessments__met=True)),
        assessed=Count("smart_assessments", filter=this_year),
    )
    if smart is not None:
        total = active_item_count() if items is None else items
        smart_q = Q(met=total) & Q(met__gt=0)
        qs = qs.filter(smart_q) if smart else qs.exclude(smart_q)
    return qs.order_by("path")


def hamlet_totals(
    *, user: Actor, year: int, commune: AdministrativeUnit | None = None, items: int
) -> tuple[int, int]:
    """(hamlets, smart hamlets) in ``user``'s scope for ``year``, in one query."""
    qs = hamlets_for_user(user=user, year=year, commune=commune, items=items)
    totals = qs.aggregate(
        hamlets=Count("pk"), smart=Count("pk", filter=Q(met=items) & Q(met__gt=0))
    )
    return int(totals["hamlets"]), int(totals["smart"])
