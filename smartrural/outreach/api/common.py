"""Pieces every outreach API operation shares: pagination, units named by code, the gate's
order (official, unit, writer), and refusals of a well-formed body.

As in the other routers (``geo.api``, ``transformation.api``), 422 is for a request that breaks
the published schema; a body that fits the schema but not the records (a form's or a service's
refusal: a date past, a placeholder without a value, a unit not among the caller's) is 409 with
the same readable ``detail`` and ``field``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AwareDatetime, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from smartrural.accounts.access import (
    access_unit_for_user,
    require_official,
    require_writer,
    scope_for_user,
)
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
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
    """The ids of ``codes`` among ``choices`` (the form's own choices): 409 naming the first
    code that is not one of them."""
    wanted = list(dict.fromkeys(codes))
    found = dict(choices.filter(code__in=wanted).values_list("code", "pk"))
    for code in wanted:
        if code not in found:
            raise Conflict(
                _("%(field)s: %(code)s is not one of your units on %(day)s.")
                % {"field": field, "code": code, "day": as_of.strftime("%d/%m/%Y")},
                field=field,
            )
    return [found[code] for code in wanted]


def refuse(form: forms.Form) -> NoReturn:
    """A form's first error as a 409 naming its field (``field: message``)."""
    for name, errors in form.errors.items():
        message = str(errors[0]) if errors else ""
        if name == NON_FIELD_ERRORS:
            raise Conflict(message)
        raise Conflict(f"{name}: {message}", field=name)
    raise Conflict(_("The request was refused."))


@contextmanager
def refusals_as_conflicts() -> Iterator[None]:
    """A service's ``ValidationFailed`` (the body fits the schema, not the records) as 409."""
    try:
        yield
    except ValidationFailed as exc:
        raise Conflict(exc.message, field=exc.field) from exc


def _datetime_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "datetime_type",
            "{reason}",
            {"reason": _("must be a date and time written ISO 8601 with its offset")},
        )
    return value


# A moment written ISO 8601 with its offset (``2026-12-04T08:00:00+07:00``), and nothing else
# (pydantic alone would also take a number of seconds).
IsoDatetime = Annotated[AwareDatetime, BeforeValidator(_datetime_text)]


def under_unit(request: ActorRequest, code: str) -> Q:
    """Records (campaigns, bulletins) of the units with ``code`` in the caller's scope and of
    the units under them (a code is reused after mergers: every unit that held it); 404 when
    none is the caller's."""
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
