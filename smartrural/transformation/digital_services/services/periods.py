"""The rules of an offering's period: started by today, ending after it starts, of a service
still in the catalogue, and never overlapping another offering of the same service by the unit."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.transformation.models import DigitalService, ServiceOffering


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


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
