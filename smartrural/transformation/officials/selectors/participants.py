"""Who may take part in an event: officials of units under the organising unit and in the
writer's scope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit, path_upper_bound

from ...access import in_scope
from ...models import Official, TrainingEvent
from .officials import OFFICIAL_LEVELS, name_matches, unit_q

# How many candidate officials the "add participants" list shows at once.
CANDIDATE_LIMIT = 50


def eligible_officials(event: TrainingEvent, user: Actor) -> QuerySet[Official]:
    """Officials who may take part in ``event`` as ``user`` records it: of units in the
    organising unit's subtree and in the user's scope."""
    qs = Official.objects.filter(
        unit__path__gte=event.unit.path, unit__path__lt=path_upper_bound(event.unit.path)
    )
    return in_scope(qs, user)


def candidate_officials(
    event: TrainingEvent, user: Actor, *, search: str = ""
) -> QuerySet[Official]:
    """Eligible officials not yet participants, active first, filtered by name or unit."""
    qs = eligible_officials(event, user).exclude(trainings__event=event)
    text = search.strip()
    if text:
        by_unit = qs.filter(unit_q(text)).values_list("pk", flat=True)
        by_name = name_matches(qs, text).values_list("pk", flat=True)
        qs = qs.filter(Q(pk__in=list(by_unit)) | Q(pk__in=list(by_name)))
    return qs.select_related("unit").order_by("-active", "unit__path", "full_name", "pk")


def units_for_event(event: TrainingEvent, user: Actor) -> QuerySet[AdministrativeUnit]:
    """Units in the organising unit's subtree and the user's scope that have officials."""
    scope = scope_for_user(user)
    return (
        AdministrativeUnit.objects.under(event.unit.path)
        .filter(scope.unit_q(), level__in=OFFICIAL_LEVELS)
        .filter(Exists(Official.objects.filter(unit=OuterRef("pk"))))
        .order_by("path")
    )
