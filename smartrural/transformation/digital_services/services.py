"""Writes of essential digital services: the catalogue (province office only; the standard one
shipped in ``data/catalogue.yaml``) and which district or commune offers which service, since
when and until when, with evidence. Services take values their forms already checked
(``forms.ServiceForm``, ``OfferingForm``; the shipped catalogue goes through ``ServiceForm``
too); they check the catalogue, the periods against today and each other, and the evidence file.

A unit offers a service on day D when ``since <= D`` and (``until`` is empty or ``until >= D``)
and the service is active in the catalogue (``selectors.offered_on_q``). Two offerings of the
same service by the same unit may not overlap, so a unit never offers a service twice at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office, require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.uploads import check_document
from smartrural.core.versioning import check_version
from smartrural.geo.models import Level
from smartrural.transformation.access import unit_for_writing
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import DigitalService, ServiceOffering

from .forms import ServiceForm

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
OFFERING_LEVELS = frozenset({Level.DISTRICT, Level.COMMUNE})


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# The catalogue


@transaction.atomic
def service_create(
    *, code: str, name: str, category: str, description: str = "", order: int = 0, by: Actor
) -> DigitalService:
    """Add a service to the catalogue (province office only)."""
    require_province_office(by)
    if DigitalService.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("The catalogue already has a service with code “%(code)s”.") % {"code": code},
            field="code",
        )
    service = DigitalService(
        code=code, name=name, category=category, description=description, order=order
    )
    return save_as(service, by)


@transaction.atomic
def service_update(
    *,
    service: DigitalService,
    name: str,
    category: str,
    description: str = "",
    order: int = 0,
    version: int | None = None,
    by: Actor,
) -> DigitalService:
    """Correct a catalogue entry (its code, the key of the shipped catalogue, stays;
    ``EditConflict`` when it changed since the writer read it at ``version``)."""
    require_province_office(by)
    fields = {"name": name, "category": category, "description": description, "order": order}
    check_version(service, version, sent=fields)
    for name_, value in fields.items():
        setattr(service, name_, value)
    return save_as(service, by)


@transaction.atomic
def service_set_active(*, service: DigitalService, active: bool, by: Actor) -> DigitalService:
    """Take a service out of the catalogue (its offerings stop counting) or put it back."""
    require_province_office(by)
    check_version(service, None, sent={})
    if service.active != active:
        service.active = active
        save_as(service, by)
    return service


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle) or [])


@transaction.atomic
def load_catalogue(*, path: Path = CATALOGUE_FILE, by: Actor | None = None) -> int:
    """Add the shipped services missing from the catalogue (by code); existing entries, maybe
    edited by the province, are left alone. Returns how many were added (0 on a second run)."""
    existing = set(DigitalService.objects.values_list("code", flat=True))
    added = 0
    for order, entry in enumerate(read_catalogue(path), start=1):
        if entry["code"] in existing:
            continue
        form = ServiceForm({"order": order * 10, "description": ""} | entry)
        if not form.is_valid():
            raise ValidationFailed(
                _("The catalogue entry “%(code)s” is wrong: %(errors)s")
                % {"code": entry.get("code"), "errors": form.errors.as_text()}
            )
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        save_as(DigitalService(**data), by)
        added += 1
    return added


@transaction.atomic
def catalogue_load_standard(*, by: Actor) -> int:
    """The province office fills an empty catalogue with the standard services."""
    require_province_office(by)
    if DigitalService.objects.exists():
        raise Conflict(
            _("The catalogue already has services: add or edit them one by one."),
        )
    return load_catalogue(by=by)


# Offerings


def _check_period(*, since: dt.date, until: dt.date | None) -> None:
    if since > today():
        raise ValidationFailed(
            _("The start date %(date)s is in the future: record the service once it is offered.")
            % {"date": _date(since)},
            field="since",
        )
    if until is not None and until < since:
        raise ValidationFailed(
            _("The end date %(until)s is before the start date %(since)s.")
            % {"until": _date(until), "since": _date(since)},
            field="until",
        )


def _check_service(service: DigitalService, *, previous: DigitalService | None = None) -> None:
    if not service.active and service != previous:
        raise ValidationFailed(
            _("“%(service)s” is no longer in the catalogue.") % {"service": service.name},
            field="service",
        )


def _check_no_overlap(offering: ServiceOffering) -> None:
    others = ServiceOffering.objects.filter(unit=offering.unit, service=offering.service)
    if offering.pk:
        others = others.exclude(pk=offering.pk)
    if offering.until is None:
        still_open = others.filter(until__isnull=True).order_by("since").first()
        if still_open is not None:
            raise ValidationFailed(
                _(
                    "%(unit)s already offers “%(service)s” since %(since)s with no end date: "
                    "edit that offering, or end it first."
                )
                % {
                    "unit": offering.unit.name,
                    "service": offering.service.name,
                    "since": _date(still_open.since),
                },
                field="service",
            )
    overlapping = others.filter(since__lte=offering.until or dt.date.max).exclude(
        until__lt=offering.since
    )
    clash = overlapping.order_by("since").first()
    if clash is not None:
        period = (
            _("from %(since)s to %(until)s")
            % {"since": _date(clash.since), "until": _date(clash.until)}
            if clash.until
            else _("since %(since)s") % {"since": _date(clash.since)}
        )
        raise ValidationFailed(
            _("%(unit)s already offers “%(service)s” %(period)s: the periods overlap.")
            % {"unit": offering.unit.name, "service": offering.service.name, "period": period},
            field="since",
        )


def _attach(offering: ServiceOffering, evidence: Any) -> None:
    try:
        kind = check_document(evidence)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="evidence") from exc
    offering.evidence = evidence
    offering.evidence_content_type = kind.content_type


@transaction.atomic
def offering_create(
    *,
    unit_code: str,
    service: DigitalService,
    since: dt.date,
    until: dt.date | None = None,
    note: str = "",
    evidence: Any = None,
    by: Actor,
) -> ServiceOffering:
    """Record that the district or commune with ``unit_code`` (looked up on ``since``) offers
    ``service`` from ``since`` (not in the future), until ``until`` if known."""
    require_writer(by)
    _check_period(since=since, until=until)
    unit = unit_for_writing(by, unit_code, on=since, levels=OFFERING_LEVELS)
    _check_service(service)
    offering = ServiceOffering(
        unit=unit,
        service=service,
        since=since,
        until=until,
        note=note,
    )
    _check_no_overlap(offering)
    if evidence is not None:
        _attach(offering, evidence)
    offering.entered_by = by
    return save_as(offering, by)


@transaction.atomic
def offering_update(
    *,
    offering: ServiceOffering,
    unit_code: str,
    service: DigitalService,
    since: dt.date,
    until: dt.date | None = None,
    note: str = "",
    evidence: Any = None,
    remove_evidence: bool = False,
    version: int | None = None,
    by: Actor,
) -> ServiceOffering:
    """Correct an offering; a new ``evidence`` file replaces the old one (``EditConflict``
    when the offering changed since the writer read it at ``version``)."""
    require_writer(by)
    _check_period(since=since, until=until)
    unit = unit_for_writing(by, unit_code, on=since, levels=OFFERING_LEVELS)
    sent = {"unit": unit, "service": service, "since": since, "until": until, "note": note}
    check_version(offering, version, sent=sent)
    _check_service(service, previous=offering.service)
    offering.unit, offering.service = unit, service
    offering.since, offering.until = since, until
    offering.note = note
    _check_no_overlap(offering)
    if evidence is not None:
        _attach(offering, evidence)
    elif remove_evidence:
        offering.evidence = ""
        offering.evidence_content_type = ""
    offering.entered_by = by
    return save_as(offering, by)


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
    _check_no_overlap(offering)
    offering.entered_by = by
    return save_as(offering, by)
