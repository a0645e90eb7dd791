"""Administrative units API, mounted at /api/v1/units. Reads are open data; writes need a login
or a Bearer token and go through the same access gate and services as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from smartrural.accounts.access import access_unit_for_user
from smartrural.core.dates import parse_as_of
from smartrural.core.errors import ValidationFailed
from smartrural.core.etag import IF_MATCH_DOC, EditConflictOut, if_match_version, set_etag

from . import selectors
from .models import AdministrativeUnit, Level
from .selectors import Link
from .services import hamlet_create, unit_update

# The router exists before config.api is imported: config.api mounts it by dotted path, so either
# module may be imported first.
router = Router(tags=["units"])

from config.api import AUTH, PUBLIC  # noqa: E402

MAX_LIMIT = 200


class Detail(Schema):
    detail: str


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    region: str
    commune_group: int | None
    version: int = Field(
        description='Moves on with every edit; a PATCH may send `If-Match: "v<version>"`.'
    )


class UnitPage(Schema):
    count: int = Field(description="Number of units matching the filters (all pages).")
    items: list[UnitOut]


class LinkOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    succession_kind: str
    effective_date: dt.date
    legal_basis: str


class UnitDetailOut(UnitOut):
    predecessors: list[LinkOut]
    successors: list[LinkOut]


class UnitFilters(Schema):
    as_of: str | None = Field(None, description="YYYY-MM-DD (or dd/mm/yyyy); default today.")
    parent: str | None = Field(None, description="Code of the parent unit on that date.")
    level: Level | None = None
    q: str | None = Field(None, description="Name, with or without diacritics, or code prefix.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class HamletIn(Schema):
    name: str
    code: str
    kind: str = Field(description="ap, thon or khom")


class UnitPatch(Schema):
    name: str | None = None
    region: str | None = Field(None, description="Region code, e.g. dbscl; empty to clear.")
    commune_group: int | None = Field(None, description="1, 2 or 3.")


def _unit_out(unit: AdministrativeUnit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "parent_code": unit.parent.code if unit.parent_id and unit.parent else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "region": unit.region,
        "commune_group": unit.commune_group,
        "version": unit.version,
    }


def _link_out(link: Link) -> dict[str, object]:
    return {
        "code": link.unit.code,
        "name": link.unit.name,
        "kind": link.unit.kind,
        "level": link.unit.level,
        "valid_from": link.unit.valid_from,
        "valid_to": link.unit.valid_to,
        "succession_kind": link.succession.kind,
        "effective_date": link.succession.effective_date,
        "legal_basis": link.succession.legal_basis,
    }


@router.get(
    "",
    auth=PUBLIC,
    response={200: UnitPage, 404: Detail, 422: Detail},
    summary="Units valid on a date",
    description='Paginated envelope `{"count": N, "items": [...]}` (limit ≤ 200, offset). '
    "404 when `parent` names no unit on that date; 422 for a malformed `as_of`.",
)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> dict[str, object]:
    as_of = parse_as_of(filters.as_of)
    parent = None
    if filters.parent:
        parent = selectors.unit_by_code(code=filters.parent, as_of=as_of)
        if parent is None:
            raise Http404(
                _("No administrative unit has code %(code)s on %(date)s.")
                % {"code": filters.parent, "date": as_of.strftime("%d/%m/%Y")}
            )
    qs = selectors.units_on(as_of=as_of, parent=parent, level=filters.level, q=filters.q)
    items = qs[filters.offset : filters.offset + filters.limit]
    return {"count": qs.count(), "items": [_unit_out(u) for u in items]}


@router.get(
    "/{code}",
    auth=PUBLIC,
    response={200: UnitDetailOut, 404: Detail, 422: Detail},
    summary="One unit on a date, with its predecessors and successors",
    description='With an `ETag` (`"v<version>"`) that a PATCH of the unit may send as `If-Match`.',
)
def get_unit(
    request: HttpRequest, response: HttpResponse, code: str, as_of: str | None = None
) -> dict[str, object]:
    unit = access_unit_for_user(request.user, code, as_of=parse_as_of(as_of))
    set_etag(response, unit.version)
    return {
        **_unit_out(unit),
        "predecessors": [_link_out(x) for x in selectors.predecessors(unit=unit)],
        "successors": [_link_out(x) for x in selectors.successors(unit=unit)],
    }


@router.post(
    "/{code}/hamlets",
    auth=AUTH,
    response={201: UnitOut, 401: Detail, 403: Detail, 404: Detail, 422: Detail},
    summary="Add a hamlet to a commune",
)
def add_hamlet(
    request: HttpRequest, code: str, payload: HamletIn, as_of: str | None = None
) -> Status[dict[str, object]]:
    commune = access_unit_for_user(request.user, code, as_of=parse_as_of(as_of), action="add_child")
    hamlet = hamlet_create(commune=commune, code=payload.code, name=payload.name, kind=payload.kind)
    return Status(201, _unit_out(hamlet))


@router.patch(
    "/{code}",
    auth=AUTH,
    response={
        200: UnitOut,
        401: Detail,
        403: Detail,
        404: Detail,
        409: EditConflictOut,
        422: Detail,
    },
    summary="Correct a unit's name, region or commune group",
    description=f"Only the fields sent change. {IF_MATCH_DOC} The reply carries the new `ETag`.",
)
def patch_unit(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: UnitPatch,
    as_of: str | None = None,
) -> dict[str, object]:
    unit = access_unit_for_user(request.user, code, as_of=parse_as_of(as_of), action="edit")
    version = if_match_version(request)
    fields = payload.model_fields_set
    if not fields:
        raise ValidationFailed(_("Nothing to change."))
    unit_update(
        unit=unit,
        name=payload.name if "name" in fields else None,
        region=(payload.region or "") if "region" in fields else None,
        commune_group=payload.commune_group if "commune_group" in fields else "unchanged",
        version=version,
    )
    set_etag(response, unit.version)
    return _unit_out(unit)
