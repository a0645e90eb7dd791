"""Access gates for criteria data: indicator values and evaluations are not open data.

A unit's values and evaluation are readable inside the caller's scope (its own units and
everything under them); outside it is 404, as if the unit did not exist, and so it is for
residents, who read the public results (aggregates) instead. Writes need a writer role (403 for
viewers). The unit is looked up as it was on 1 July of the year.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import (
    is_resident,
    out_of_scope,
    require_writer,
    scope_for_user,
    unit_on,
)
from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit

from .models import CriteriaSet
from .selectors import as_of_for_year, criteria_set_by_code


def access_criteria_set(code: str) -> CriteriaSet:
    """Set definitions are public; an unknown code is 404."""
    criteria_set = criteria_set_by_code(code)
    if criteria_set is None:
        raise Http404(_("No criteria set has code %(code)s.") % {"code": code})
    return criteria_set


def access_unit_data_for_user(
    user: Actor | AnonymousUser, code: str, *, year: int, write: bool = False
) -> AdministrativeUnit:
    """The unit ``code`` (valid on 1 July of ``year``) whose criteria data ``user`` may read,
    or write with ``write=True`` (an anonymous user has no units: 404)."""
    as_of = as_of_for_year(year)
    unit = unit_on(code, as_of=as_of)
    if not scope_for_user(user).contains(unit):
        raise out_of_scope(code, as_of=as_of)
    if is_resident(user):
        raise out_of_scope(code, as_of=as_of)
    if write:
        require_writer(user)
    return unit
