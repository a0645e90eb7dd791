"""Access gates: the only way a view or API operation gets an object.

Scope: a user sees the units assigned to them and everything under those units; the province
office and superusers see everything. Outside the scope is 404 (we do not even confirm the object
exists); inside the scope but read-only is 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.geo.models import AdministrativeUnit, path_upper_bound
from smartrural.geo.selectors import code_not_valid_message

from .models import Role, UnitAssignment, User

# Who a gate is asked for: a logged-in user (an ``Actor``) or, before the login gate or on a
# public page, the anonymous visitor (``request.user`` either way).
Visitor: TypeAlias = User | AnonymousUser
UnitAction = Literal["view", "read", "edit", "add_child"]
_DISTRICT_MANAGED_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.VIEWER, Role.RESIDENT})


@dataclass(frozen=True)
class Scope:
    """The unit paths a user may see. ``everything`` short-cuts the province office."""

    everything: bool
    paths: tuple[str, ...]

    def contains_path(self, path: str) -> bool:
        if self.everything:
            return True
        return any(path.startswith(p) for p in self.paths)

    def contains(self, unit: AdministrativeUnit) -> bool:
        return self.contains_path(unit.path)

    def is_strictly_inside(self, unit: AdministrativeUnit) -> bool:
        """True when ``unit`` lies under (not at) one of the assigned units."""
        if self.everything:
            return True
        return any(unit.path.startswith(p) and unit.path != p for p in self.paths)

    def unit_q(self, prefix: str = "") -> Q:
        """A filter for rows whose unit (via ``prefix``, e.g. ``"unit__"``) is in scope."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        for p in self.paths:
            q |= Q(**{f"{prefix}path__gte": p, f"{prefix}path__lt": path_upper_bound(p)})
        return q


EMPTY_SCOPE = Scope(everything=False, paths=())


def scope_for_user(user: Visitor | None) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if not isinstance(user, User) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_smartrural_scope", None)
    if cached is not None:
        return cached
    if user.sees_everything:
        scope = Scope(everything=True, paths=())
    else:
        paths = AdministrativeUnit.objects.filter(assignments__user=user).values_list(
            "path", flat=True
        )
        scope = Scope(everything=False, paths=tuple(sorted(paths)))
    user._smartrural_scope = scope  # type: ignore[attr-defined]
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope after the user's assignments change."""
    if hasattr(user, "_smartrural_scope"):
        del user._smartrural_scope


def is_resident(user: Visitor) -> bool:
    """Whether ``user`` is a resident (``User.is_resident``): a logged-in account that is no
    official. Residents see what the public sees (and, later, their own feedback and surveys):
    the officials' pages, their data and API tokens do not exist for them (404)."""
    return isinstance(user, User) and user.is_resident


def require_official(user: Visitor) -> None:
    """404 for residents (see ``is_resident``); anyone else passes (anonymous visitors are sent
    to the login page by the view's own ``login_required``)."""
    if is_resident(user):
        raise Http404(_("This page is for the programme's officials, not for residents."))


def require_writer(user: Visitor) -> None:
    if not isinstance(user, User) or not user.can_write:
        raise PermissionDenied(_("Your account is read-only."))


def require_province_office(user: Visitor, message: str | None = None) -> None:
    """The province's configuration (criteria sets, catalogues, targets, pilot settings) is
    changed by its coordination office only: 403 with ``message`` for anyone else."""
    if not (isinstance(user, User) and user.can_write and user.sees_everything):
        raise PermissionDenied(message or _("Only the province coordination office changes this."))


def out_of_scope(code: str, *, as_of: dt.date) -> Http404:
    """The 404 of a unit outside the reader's scope: as if it did not exist on that date."""
    return Http404(
        _("No administrative unit has code %(code)s on %(date)s.")
        % {"code": code, "date": as_of.strftime("%d/%m/%Y")}
    )


def unit_on(code: str, *, as_of: dt.date) -> AdministrativeUnit:
    """The unit with ``code`` valid on ``as_of``; ``Http404`` naming when the code was valid and
    its successors otherwise. Every unit gate starts here."""
    unit = (
        AdministrativeUnit.objects.valid_on(as_of)
        .select_related("parent")
        .filter(code=code)
        .first()
    )
    if unit is None:
        # Units are open data: name when the code was valid and what the unit became.
        raise Http404(code_not_valid_message(code=code, as_of=as_of))
    return unit


def access_unit_for_user(
    user: Visitor, code: str, *, as_of: dt.date, action: UnitAction = "view"
) -> AdministrativeUnit:
    """The unit with ``code`` on ``as_of``, if ``user`` may perform ``action`` on it.

    Reading units is public; ``read`` (the unit's own data, e.g. its figures) needs it inside
    the scope; ``edit`` (correct a unit's own record) needs the unit strictly under one of the
    user's units, ``add_child`` (e.g. a hamlet) needs it inside the scope.
    """
    unit = unit_on(code, as_of=as_of)
    if action == "view":
        return unit
    scope = scope_for_user(user)
    if not scope.contains(unit):
        raise out_of_scope(code, as_of=as_of)
    if action == "read":
        return unit
    require_writer(user)
    if action == "edit" and not scope.is_strictly_inside(unit):
        raise PermissionDenied(_("Your own unit's record is kept by the level above."))
    return unit


def users_for_manager(manager: User) -> QuerySet[User]:
    """Users a manager may see: all for the province office; for a district officer, the users
    whose every assigned unit lies in the district (plus themselves)."""
    qs = User.objects.all()
    if not manager.can_manage_users:
        return qs.filter(pk=manager.pk)
    scope = scope_for_user(manager)
    if scope.everything:
        return qs
    assigned = UnitAssignment.objects.values("user_id")
    assigned_outside = UnitAssignment.objects.exclude(scope.unit_q("unit__")).values("user_id")
    return qs.filter(Q(pk=manager.pk) | (Q(pk__in=assigned) & ~Q(pk__in=assigned_outside)))


def access_user_for_user(manager: User, user_id: int, *, write: bool = False) -> User:
    """A user account as seen by ``manager``: 404 outside their scope, 403 read-only."""
    target = users_for_manager(manager).filter(pk=user_id).first()
    if target is None:
        raise Http404(_("No such user."))
    if not write:
        return target
    if not manager.can_manage_users:
        raise PermissionDenied(_("You cannot manage user accounts."))
    if target.sees_everything and not manager.sees_everything:
        raise PermissionDenied(_("Only the province office can change this account."))
    # Below the province office a manager changes only commune officers, viewers and residents
    # (not themselves, not other district officers).
    if not manager.sees_everything and target.role not in _DISTRICT_MANAGED_ROLES:
        raise PermissionDenied(_("Only the province office can change this account."))
    return target


def may_see_history_authors(user: Visitor | None, obj: models.Model) -> bool:
    """Whether ``user`` may see who changed ``obj`` on its history page (the author policy of
    ``smartrural.core.history``, registered in ``AccountsConfig.ready``).

    Officials (every role but resident; read-only viewers too) whose scope holds the record's
    unit: the unit itself, or the unit the record belongs to. Records of no unit (the province's
    targets, the service catalogue) are read only through gates that scope them already, so
    every official who reaches them may. Anonymous readers and residents never.
    """
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.role == Role.RESIDENT and not user.is_superuser:
        return False
    unit = obj if isinstance(obj, AdministrativeUnit) else getattr(obj, "unit", None)
    if isinstance(unit, AdministrativeUnit):
        return scope_for_user(user).contains(unit)
    return True
