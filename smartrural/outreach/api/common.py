"""Pieces every outreach API operation shares: pagination, units named by code, a form's
refusal as the API's 422, the gate's order (official, unit, writer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NoReturn

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from smartrural.accounts.access import (
    access_unit_for_user,
    require_official,
    require_writer,
    scope_for_user,
)
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit, path_upper_bound

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
UNIT_CODE = Field(
    min_length=1,
    max_length=10,
    pattern=r"^[0-9]{1,10}$",
    examples=["29479"],
    description="GSO code of the unit.",
)


class PageFilters(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(rows: QuerySet[Any], filters: PageFilters) -> tuple[int, list[Any]]:
    """The count of ``rows`` and the page the filters ask for (two queries)."""
    return rows.count(), list(rows[filters.offset : filters.offset + filters.limit])


def writer_unit(request: ActorRequest, code: str, *, as_of: dt.date | None) -> AdministrativeUnit:
    """The unit ``code`` (on ``as_of``, default today) if the caller writes for it: 404 for a
    resident or a unit outside the caller's units, 403 for a read-only role."""
    require_official(request.user)
    unit = access_unit_for_user(request.user, code, as_of=as_of or today(), action="read")
    require_writer(request.user)
    return unit


def pks_by_code(
    choices: QuerySet[AdministrativeUnit], codes: Iterable[str], *, field: str, as_of: dt.date
) -> list[int]:
    """The ids of ``codes`` among ``choices`` (the form's own choices): 422 naming the first
    code that is not one of them."""
    wanted = list(dict.fromkeys(codes))
    found = dict(choices.filter(code__in=wanted).values_list("code", "pk"))
    for code in wanted:
        if code not in found:
            raise ValidationFailed(
                _("%(field)s: %(code)s is not one of your units on %(day)s.")
                % {"field": field, "code": code, "day": as_of.strftime("%d/%m/%Y")},
                field=field,
            )
    return [found[code] for code in wanted]


def refuse(form: forms.Form) -> NoReturn:
    """A form's first error as the API's 422, naming its field (``field: message``)."""
    for name, errors in form.errors.items():
        message = str(errors[0]) if errors else ""
        if name == NON_FIELD_ERRORS:
            raise ValidationFailed(message)
        raise ValidationFailed(f"{name}: {message}", field=name)
    raise ValidationFailed(_("The request was refused."))


def under_unit(request: ActorRequest, code: str) -> Q:
    """Campaigns of the units with ``code`` in the caller's scope and of the units under them
    (a code is reused after mergers: every unit that held it); 404 when none is the caller's."""
    scope = scope_for_user(request.user)
    units = AdministrativeUnit.objects.filter(code=code)
    if not scope.everything:
        units = units.filter(scope.unit_q()) if scope.paths else units.none()
    paths = list(units.values_list("path", flat=True))
    if not paths:
        raise Http404(_("No unit %(code)s among your units.") % {"code": code})
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(unit__path__gte=path, unit__path__lt=path_upper_bound(path))
    return under
