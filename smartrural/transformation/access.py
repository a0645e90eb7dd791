"""The access gate of digital transformation data.

Every row hangs off an administrative unit (``unit`` or, for assessments, ``hamlet``). A user
reads the rows of units in their scope and writes them when their role writes; a row outside the
scope does not exist for them (404), a read-only user gets 403 on writes. The province's
configuration (targets, the service catalogue, the scoring sheet and the smart-hamlet checklist)
is changed by the province office only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user, unit_on
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

M = TypeVar("M", bound=Model)


def in_scope(queryset: QuerySet[M], user: Actor, *, unit_field: str = "unit") -> QuerySet[M]:
    """``queryset`` narrowed to rows whose unit lies in ``user``'s scope."""
    return queryset.filter(scope_for_user(user).unit_q(prefix=f"{unit_field}__"))


def object_in_scope(
    queryset: QuerySet[M], user: Actor, pk: Any, *, unit_field: str = "unit", write: bool = False
) -> M:
    """One row in ``user``'s scope (404 otherwise); with ``write``, 403 for read-only users."""
    obj = in_scope(queryset, user, unit_field=unit_field).filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Not found, or outside your units."))
    if write:
        require_writer(user)
    return obj


def unit_for_writing(
    user: Actor, code: str, *, on: dt.date, levels: frozenset[str] | None = None
) -> AdministrativeUnit:
    """The unit with ``code`` valid ``on`` that ``user`` may write data for.

    Raises ``ValidationFailed`` (a form or row error, not a page error) when no unit has the code
    on that day, the unit is outside the user's scope, or its level is not one of ``levels``.
    ``PermissionDenied`` for read-only users.
    """
    require_writer(user)
    code = str(code).strip()
    try:
        unit = unit_on(code, as_of=on)
    except Http404 as exc:
        raise ValidationFailed(str(exc), field="unit") from exc
    if not scope_for_user(user).contains(unit):
        raise ValidationFailed(
            _("No unit with code “%(code)s” on %(date)s among your units.")
            % {"code": code, "date": on.strftime("%d/%m/%Y")},
            field="unit",
        )
    if levels is not None and unit.level not in levels:
        raise ValidationFailed(
            _("%(unit)s is not a unit of the expected level here.") % {"unit": unit.name},
            field="unit",
        )
    return unit
