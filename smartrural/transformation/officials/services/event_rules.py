"""The rules of a training event that need the day or the writer: who writes it (the organising
unit's writers), its dates (from 2000, at most a year ahead, lasting at most a year), its
organising unit (a province, district or commune of the writer's, existing on its first day),
and whether it has begun."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit, path_upper_bound

from ...models import TrainingEvent
from ..selectors import OFFICIAL_LEVELS

EARLIEST = dt.date(2000, 1, 1)


MAX_DAYS_AHEAD = 366


MAX_LENGTH_DAYS = 366


def _require_event_writer(event: TrainingEvent, by: Actor) -> None:
    require_writer(by)
    if not scope_for_user(by).contains(event.unit):
        raise PermissionDenied(_("This training is not organised by one of your units."))


def _under(unit: AdministrativeUnit) -> Q:
    return Q(unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path))


def _has_begun(event: TrainingEvent) -> bool:
    return event.date <= today()


def _check_dates(date: dt.date, end_date: dt.date | None) -> None:
    if date < EARLIEST:
        raise ValidationFailed(
            _("Trainings before %(date)s are not recorded.")
            % {"date": EARLIEST.strftime("%d/%m/%Y")},
            field="date",
        )
    if date > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationFailed(
            _("%(date)s is more than a year ahead.") % {"date": date.strftime("%d/%m/%Y")},
            field="date",
        )
    if end_date is None:
        return
    if end_date < date:
        raise ValidationFailed(
            _("The last day (%(end)s) cannot be before the first day (%(start)s).")
            % {"end": end_date.strftime("%d/%m/%Y"), "start": date.strftime("%d/%m/%Y")},
            field="end_date",
        )
    if (end_date - date).days > MAX_LENGTH_DAYS:
        raise ValidationFailed(_("An event cannot last more than a year."), field="end_date")


def _check_unit(unit: AdministrativeUnit, date: dt.date, by: Actor) -> None:
    if unit.level not in OFFICIAL_LEVELS:
        raise ValidationFailed(
            _("Trainings are organised by a province, district or commune; %(unit)s is not one.")
            % {"unit": unit.name},
            field="unit",
        )
    if not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(unit)s is not among your units.") % {"unit": unit.name}, field="unit"
        )
    if not unit.is_valid_on(date):
        raise ValidationFailed(
            _("%(unit)s did not exist on %(date)s.")
            % {"unit": unit.name, "date": date.strftime("%d/%m/%Y")},
            field="unit",
        )


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
