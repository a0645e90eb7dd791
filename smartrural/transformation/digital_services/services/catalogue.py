"""The catalogue, kept by the province office: a service added, corrected, withdrawn or put
back (its code, the key of the shipped catalogue, never changes)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import DigitalService


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
