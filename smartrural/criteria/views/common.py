"""What every data-entry page needs: the gated set, year and unit, stored values, reviewers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.accounts.models import Role
from smartrural.geo.models import LEVEL_DEPTH, AdministrativeUnit

from ..access import access_criteria_set, access_unit_data_for_user
from ..definition import SetDefinition
from ..engine import CompiledSet
from ..models import CriteriaSet, CriteriaSetVersion, IndicatorValue
from ..selectors import compiled, current_version, root_id

REVIEWER_ROLES = frozenset({Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICE})


@dataclass(frozen=True)
class Target:
    """A criteria set's current version, a year and a unit the user may see."""

    criteria_set: CriteriaSet
    version: CriteriaSetVersion
    engine: CompiledSet
    year: int
    unit: AdministrativeUnit

    @property
    def definition(self) -> SetDefinition:
        return self.engine.definition

    def url(self, name: str = "entry", *args: Any) -> str:
        return reverse(
            f"criteria:{name}", args=[self.criteria_set.code, self.year, self.unit.code, *args]
        )


def load_target(
    user: Actor, set_code: str, year: int, unit_code: str, *, write: bool = False, at_or_above: bool
) -> Target:
    """The gated target: 404 for an unknown set, a year outside it, a unit outside the user's
    scope or of the wrong level (``at_or_above``: the set's level or a unit above it); 403
    for a read-only user writing."""
    criteria_set = access_criteria_set(set_code)
    version = current_version(criteria_set)
    if version is None:
        raise Http404(_("The criteria set %(code)s has no version yet.") % {"code": set_code})
    engine = compiled(version)
    definition = engine.definition
    if not definition.valid_from_year <= year <= definition.valid_to_year:
        raise Http404(
            _("The criteria set %(code)s does not apply in %(year)s.")
            % {
                "code": set_code,
                "year": year,
            }
        )
    unit = access_unit_data_for_user(user, unit_code, year=year, write=write)
    depth, wanted = level_depth(unit.level), level_depth(definition.unit_level)
    if depth != wanted and not (at_or_above and depth < wanted):
        raise Http404(
            _("The criteria set %(code)s is not for %(unit)s.")
            % {"code": set_code, "unit": unit.name}
        )
    return Target(criteria_set, version, engine, year, unit)


def level_depth(level: str) -> int:
    """0 for the province, 1 for districts... (99 for an unknown level)."""
    return {str(k): v for k, v in LEVEL_DEPTH.items()}.get(level, 99)


def stored_values(target: Target) -> dict[str, IndicatorValue]:
    """The unit's values for the year with their evidence and who entered them (2 queries)."""
    rows = (
        IndicatorValue.objects.filter(
            unit=target.unit, criteria_set_id=root_id(target.criteria_set), year=target.year
        )
        .select_related("entered_by")
        .prefetch_related("evidence")
    )
    return {v.indicator_code: v for v in rows}


def stored_value(target: Target, code: str) -> IndicatorValue:
    value = (
        IndicatorValue.objects.filter(
            unit=target.unit,
            criteria_set_id=root_id(target.criteria_set),
            year=target.year,
            indicator_code=code,
        )
        .prefetch_related("evidence")
        .first()
    )
    if value is None:
        raise Http404(_("Indicator %(code)s has no value yet.") % {"code": code})
    return value


def can_review(user: Actor, unit: AdministrativeUnit) -> bool:
    """District and province officers review the values of units under them."""
    if not user.can_write:
        return False
    if not (user.is_superuser or user.role in REVIEWER_ROLES):
        return False
    return scope_for_user(user).is_strictly_inside(unit)


def slug(code: str) -> str:
    """An indicator code as an HTML id part ("3.1" -> "3-1")."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", code)
