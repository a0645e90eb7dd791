"""Which district or commune offers which service, since when and until when, with evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any, Required, TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.uploads import check_document
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.access import unit_for_writing
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import DigitalService, ServiceOffering

from .periods import _check_no_overlap, _check_period, _check_service, _date

OFFERING_LEVELS = frozenset({Level.DISTRICT, Level.COMMUNE})


def _attach(offering: ServiceOffering, evidence: Any) -> None:
    try:
        kind = check_document(evidence)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="evidence") from exc
    offering.evidence = evidence
    offering.evidence_content_type = kind.content_type


def _writable_unit(
    by: Actor, unit_code: str, *, since: dt.date, until: dt.date | None
) -> AdministrativeUnit:
    """``by`` writes, the period holds, and ``unit_code`` names (on ``since``) a district or
    commune of ``by``'s units."""
    require_writer(by)
    _check_period(since=since, until=until)
    return unit_for_writing(by, unit_code, on=since, levels=OFFERING_LEVELS)


def _store(offering: ServiceOffering, by: Actor, evidence: Any = None) -> ServiceOffering:
    """Save ``offering`` (no overlap with another of the unit's; ``evidence`` attached)."""
    _check_no_overlap(offering)
    if evidence is not None:
        _attach(offering, evidence)
    offering.entered_by = by
    return save_as(offering, by)


class OfferingFields(TypedDict, total=False):
    """What an offering records, as ``OfferingForm`` checked it (``evidence``: a new file)."""

    unit_code: Required[str]
    service: Required[DigitalService]
    since: Required[dt.date]
    until: dt.date | None
    note: str
    evidence: Any


def _values(by: Actor, given: OfferingFields) -> dict[str, Any]:
    """The offering's values from ``given``: the unit looked up on ``since`` among ``by``'s
    districts and communes, the period checked."""
    since, until = given["since"], given.get("until")
    unit = _writable_unit(by, given["unit_code"], since=since, until=until)
    note = given.get("note", "")
    return {"unit": unit, "service": given["service"], "since": since, "until": until, "note": note}


@transaction.atomic
def offering_create(*, by: Actor, **given: Unpack[OfferingFields]) -> ServiceOffering:
    """Record that the district or commune with ``unit_code`` (looked up on ``since``) offers
    ``service`` from ``since`` (not in the future), until ``until`` if known."""
    values = _values(by, given)
    _check_service(values["service"])
    return _store(ServiceOffering(**values), by, given.get("evidence"))


@transaction.atomic
def offering_update(
    *,
    offering: ServiceOffering,
    remove_evidence: bool = False,
    version: int | None = None,
    by: Actor,
    **given: Unpack[OfferingFields],
) -> ServiceOffering:
    """Correct an offering; a new ``evidence`` file replaces the old one (``EditConflict``
    when the offering changed since the writer read it at ``version``)."""
    values = _values(by, given)
    check_version(offering, version, sent=values)
    _check_service(values["service"], previous=offering.service)
    for name, value in values.items():
        setattr(offering, name, value)
    evidence = given.get("evidence")
    if evidence is None and remove_evidence:
        offering.evidence = ""
        offering.evidence_content_type = ""
    return _store(offering, by, evidence)


@transaction.atomic
def offering_end(
    *, offering: ServiceOffering, until: dt.date, version: int | None = None, by: Actor
) -> ServiceOffering:
    """The unit stopped offering the service after ``until`` (its last day; ``EditConflict``
    when the offering changed since the writer read it at ``version``)."""
    require_writer(by)
    check_version(offering, version, sent={"until": until})
    _check_period(since=offering.since, until=until)
    if until > today():
        raise ValidationFailed(
            _("The end date %(date)s is in the future.") % {"date": _date(until)}, field="until"
        )
    offering.until = until
    return _store(offering, by)
