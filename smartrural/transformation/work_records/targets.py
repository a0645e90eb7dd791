"""Writes of the digital transformation targets: set by the province office only; the shipped
targets from ``data/targets.yaml``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import NOT_STORED, EditConflict, row_conflicts

from ..models import Indicator, Target, TargetLevel

TARGETS_FILE = Path(__file__).resolve().parent.parent / "data" / "targets.yaml"


def _percent(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationFailed(
            _("The target must be a number, not “%(value)s”.") % {"value": value}, field="value"
        ) from exc
    if not Decimal(0) <= number <= Decimal(100):
        raise ValidationFailed(_("The target must be between 0 and 100%."), field="value")
    return number


def _upsert_target(
    *,
    year: int,
    indicator: str,
    level: str,
    value: Any,
    legal_basis: str,
    by: Actor | None,
    version: int | None = None,
) -> Target:
    if indicator not in Indicator.values:
        raise ValidationFailed(
            _("Unknown indicator “%(value)s”.") % {"value": indicator}, field="indicator"
        )
    if level not in TargetLevel.values:
        raise ValidationFailed(_("Unknown level “%(value)s”.") % {"value": level}, field="level")
    percent = _percent(value)
    target = (
        Target.objects.select_for_update()
        .filter(year=year, indicator=indicator, level=level)
        .first()
    )
    meanwhile = row_conflicts(
        Target,
        target,
        version,
        sent={"value_percent": percent, "legal_basis": legal_basis},
        row="",
        row_label="",
    )
    if meanwhile:
        raise EditConflict(meanwhile, current_version=target.version if target else NOT_STORED)
    if target is None:
        target = Target(year=year, indicator=indicator, level=level)
    target.value_percent = percent
    target.legal_basis = legal_basis
    target._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    target.save()
    return target


@transaction.atomic
def target_set(
    *,
    year: int,
    indicator: str,
    level: str,
    value: Any,
    legal_basis: str,
    version: int | None = None,
    by: Actor,
) -> Target:
    """Set one target (province office only: ``PermissionDenied`` otherwise). ``version``: the
    one of the target the writer read (``NOT_STORED``: none); ``EditConflict`` when it changed
    since."""
    if not getattr(by, "is_authenticated", False) or not by.sees_everything:
        raise PermissionDenied(_("Only the province office sets digital transformation targets."))
    return _upsert_target(
        year=year,
        indicator=indicator,
        level=level,
        value=value,
        legal_basis=legal_basis,
        by=by,
        version=version,
    )


@transaction.atomic
def load_targets(path: Path = TARGETS_FILE) -> int:
    """Store the shipped targets (idempotent: existing ones are updated). Returns the count."""
    with path.open(encoding="utf-8") as handle:
        blocks = yaml.safe_load(handle) or []
    count = 0
    for block in blocks:
        for indicator, levels in block["targets"].items():
            for level, value in levels.items():
                _upsert_target(
                    year=int(block["year"]),
                    indicator=indicator,
                    level=level,
                    value=value,
                    legal_basis=block["legal_basis"],
                    by=None,
                )
                count += 1
    return count
