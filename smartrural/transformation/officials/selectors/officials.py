"""The officials a reader sees, the list's filters and an official's trainings."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level

from ...access import in_scope, object_in_scope
from ...models import Official, TrainingParticipant
from .trained import trained_q, year_bounds

OFFICIAL_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})


def officials_for_user(user: Actor) -> QuerySet[Official]:
    """Officials of units in ``user``'s scope."""
    return in_scope(Official.objects.all(), user)


def official_for_user(user: Actor, official_id: Any, *, write: bool = False) -> Official:
    """One official of the user's units: 404 outside, 403 on writes for read-only users."""
    qs = Official.objects.select_related("unit__parent")
    return object_in_scope(qs, user, official_id, write=write)


def unit_q(text: str, prefix: str = "unit__") -> Q:
    """Units whose code starts with ``text`` or whose name contains it (without diacritics),
    and the units directly under them."""
    text = text.strip()
    folded = fold(text)
    return (
        Q(**{f"{prefix}code__startswith": text})
        | Q(**{f"{prefix}search_name__icontains": folded})
        | Q(**{f"{prefix}parent__code": text})
        | Q(**{f"{prefix}parent__search_name__icontains": folded})
    )


def name_matches(qs: QuerySet[Official], text: str) -> QuerySet[Official]:
    """Officials whose name contains ``text``, ignoring case and diacritics.

    Names are folded here rather than in the database (the model keeps no folded copy): a
    province has a few thousand officials, one column of which is cheap to read."""
    needle = fold(text)
    if not needle:
        return qs
    ids = [pk for pk, name in qs.values_list("pk", "full_name") if needle in fold(name)]
    return qs.filter(pk__in=ids)


def filter_officials(
    qs: QuerySet[Official],
    *,
    unit: str = "",
    level: str = "",
    active: str = "",
    name: str = "",
    trained: str = "",
    year: int,
) -> QuerySet[Official]:
    if unit.strip():
        qs = qs.filter(unit_q(unit))
    if level:
        qs = qs.filter(unit__level=level)
    if active:
        qs = qs.filter(active=active == "yes")
    if name.strip():
        qs = name_matches(qs, name)
    if trained:
        start, end = year_bounds(year)
        condition = trained_q(start=start, end=end)
        qs = qs.filter(condition) if trained == "yes" else qs.exclude(condition)
    return qs


def official_participations(official: Official) -> QuerySet[TrainingParticipant]:
    return (
        TrainingParticipant.objects.filter(official=official)
        .select_related("event__unit")
        .order_by("-event__date", "-event__pk")
    )


def units_for_officials(user: Actor) -> QuerySet[AdministrativeUnit]:
    """Province, district and commune units in ``user``'s scope (suggestions for forms)."""
    scope = scope_for_user(user)
    return AdministrativeUnit.objects.filter(scope.unit_q(), level__in=OFFICIAL_LEVELS).order_by(
        "path", "valid_from"
    )
