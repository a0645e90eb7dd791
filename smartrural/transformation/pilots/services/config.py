"""The province office configures the scoring sheet of each pilot kind and the smart-hamlet
checklist (``scoring_criterion_*``, ``smart_hamlet_item_*``; shipped defaults in
``data/defaults.yaml`` through ``load_defaults``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import (
    check_version,
)

from ...models import (
    PilotKind,
    ScoringCriterion,
    SmartHamletItem,
)
from .common import (
    DEFAULTS_FILE,
    _stamp,
)

# --- Configuration: the scoring sheets and the smart-hamlet checklist -----------------------


@dataclass(frozen=True)
class DefaultsLoaded:
    criteria: int
    items: int


@transaction.atomic
def load_defaults(path: Path = DEFAULTS_FILE, *, by: Actor | None = None) -> DefaultsLoaded:
    """Store the shipped scoring sheets and checklist. Idempotent: codes already stored are left
    as the province changed them; only missing ones are added. Returns how many were added."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    have_criteria = set(ScoringCriterion.objects.values_list("kind", "code"))
    have_items = set(SmartHamletItem.objects.values_list("code", flat=True))
    criteria = items = 0
    for kind, rows in (data.get("scoring") or {}).items():
        for number, row in enumerate(rows, start=1):
            if (kind, row["code"]) in have_criteria:
                continue
            criterion = ScoringCriterion(
                kind=PilotKind(kind),
                code=row["code"],
                name=row["name"],
                max_score=int(row["max_score"]),
                order=int(row.get("order", number * 10)),
            )
            _stamp(criterion, by)
            criterion.save()
            criteria += 1
    for number, row in enumerate(data.get("checklist") or [], start=1):
        if row["code"] in have_items:
            continue
        item = SmartHamletItem(
            code=row["code"], name=row["name"], order=int(row.get("order", number * 10))
        )
        _stamp(item, by)
        item.save()
        items += 1
    return DefaultsLoaded(criteria=criteria, items=items)


def pilot_defaults_load(*, by: Actor) -> DefaultsLoaded:
    """The province office fills the sheets and checklist with the shipped defaults."""
    require_province_office(by)
    return load_defaults(by=by)


def _criterion_values(
    *, kind: str, code: str, name: str, max_score: int, order: int
) -> dict[str, Any]:
    return {"kind": kind, "code": code, "name": name, "max_score": max_score, "order": order}


def _check_criterion_code(values: dict[str, Any], *, exclude: int | None = None) -> None:
    clash = ScoringCriterion.objects.filter(kind=values["kind"], code=values["code"])
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationFailed(
            _("The %(kind)s sheet already has a criterion with code “%(code)s”.")
            % {"kind": PilotKind(values["kind"]).label.lower(), "code": values["code"]},
            field="code",
        )


@transaction.atomic
def scoring_criterion_create(
    *,
    kind: str,
    code: str,
    name: str,
    max_score: int,
    order: int = 0,
    active: bool = True,
    by: Actor,
) -> ScoringCriterion:
    require_province_office(by)
    values = _criterion_values(kind=kind, code=code, name=name, max_score=max_score, order=order)
    _check_criterion_code(values)
    criterion = ScoringCriterion(**values, active=bool(active))
    _stamp(criterion, by)
    criterion.save()
    return criterion


@transaction.atomic
def scoring_criterion_update(
    *,
    criterion: ScoringCriterion,
    kind: str,
    code: str,
    name: str,
    max_score: int,
    order: int,
    active: bool,
    version: int | None = None,
    by: Actor,
) -> ScoringCriterion:
    """Change a criterion. Its kind is fixed once scores were given on it, and its maximum cannot
    drop below a score already given (``ValidationFailed``; ``EditConflict`` when it changed
    since the writer read it at ``version``)."""
    require_province_office(by)
    values = _criterion_values(kind=kind, code=code, name=name, max_score=max_score, order=order)
    check_version(criterion, version, sent={**values, "active": bool(active)})
    _check_criterion_code(values, exclude=criterion.pk)
    used = criterion.scores.aggregate(highest=Max("score"))["highest"]
    if used is not None and values["kind"] != criterion.kind:
        raise ValidationFailed(
            _("Candidates were already scored on this criterion: its pilot kind cannot change."),
            field="kind",
        )
    if used is not None and values["max_score"] < used:
        raise ValidationFailed(
            _(
                "A score of %(score)s was already given on this criterion: "
                "the maximum cannot be lower."
            )
            % {"score": used},
            field="max_score",
        )
    for name_, value in values.items():
        setattr(criterion, name_, value)
    criterion.active = bool(active)
    _stamp(criterion, by)
    criterion.save()
    return criterion


def _item_values(*, code: str, name: str, order: int) -> dict[str, Any]:
    return {"code": code, "name": name, "order": order}


def _check_item_code(code: str, *, exclude: int | None = None) -> None:
    clash = SmartHamletItem.objects.filter(code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationFailed(
            _("The checklist already has an item with code “%(code)s”.") % {"code": code},
            field="code",
        )


@transaction.atomic
def smart_hamlet_item_create(
    *, code: str, name: str, order: int = 0, active: bool = True, by: Actor
) -> SmartHamletItem:
    require_province_office(by)
    values = _item_values(code=code, name=name, order=order)
    _check_item_code(values["code"])
    item = SmartHamletItem(**values, active=bool(active))
    _stamp(item, by)
    item.save()
    return item


@transaction.atomic
def smart_hamlet_item_update(
    *,
    item: SmartHamletItem,
    code: str,
    name: str,
    order: int,
    active: bool,
    version: int | None = None,
    by: Actor,
) -> SmartHamletItem:
    """Change a checklist item (``EditConflict`` when it changed since ``version``)."""
    require_province_office(by)
    values = _item_values(code=code, name=name, order=order)
    check_version(item, version, sent={**values, "active": bool(active)})
    _check_item_code(values["code"], exclude=item.pk)
    for name_, value in values.items():
        setattr(item, name_, value)
    item.active = bool(active)
    _stamp(item, by)
    item.save()
    return item
