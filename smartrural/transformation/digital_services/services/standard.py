"""The standard catalogue shipped in ``data/catalogue.yaml``: loaded into an empty catalogue
by the province office, or its missing services added by a load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.transformation.authored import save_as
from smartrural.transformation.models import DigitalService

from ..forms import ServiceForm

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "catalogue.yaml"


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
