"""Writes to administrative units. Every change keeps its history (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold
from smartrural.core.versioning import check_version

from .models import KINDS_BY_LEVEL, LEVEL_DEPTH, AdministrativeUnit, Level, Region, path_segment

PARENT_LEVEL = {"district": "province", "commune": "district", "hamlet": "commune"}
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The unit fields the NTM criteria thresholds depend on (criteria's ``facts_of``).
FACT_FIELDS = (
    "region",
    "commune_group",
    "especially_difficult",
    "especially_difficult_from",
    "especially_difficult_to",
)
# Called (in the writing transaction) with a unit whose facts changed: the criteria app, above
# geo, registers the drop of the unit's cached evaluations in its ``AppConfig.ready()``.
_FACTS_CHANGED: list[Callable[[AdministrativeUnit], None]] = []


def on_unit_facts_changed(listener: Callable[[AdministrativeUnit], None]) -> None:
    if listener not in _FACTS_CHANGED:
        _FACTS_CHANGED.append(listener)


@dataclass(frozen=True)
class EspeciallyDifficult:
    """A commune's especially difficult status: the decision that lists it and the years it
    applies to (``last_year`` None: until further notice)."""

    legal_basis: str
    first_year: int
    last_year: int | None = None


def _check_difficult(unit: AdministrativeUnit, status: EspeciallyDifficult) -> None:
    if unit.level != Level.COMMUNE:
        raise ValidationFailed(
            _("Only a commune-level unit can be an especially difficult commune."),
            field="especially_difficult",
        )
    if not " ".join(status.legal_basis.split()):
        raise ValidationFailed(
            _("Name the decision that lists the commune as especially difficult."),
            field="especially_difficult_basis",
        )
    for name, year in (
        ("especially_difficult_from", status.first_year),
        ("especially_difficult_to", status.last_year),
    ):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationFailed(
                _("A year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                field=name,
            )
    if status.last_year is not None and status.last_year < status.first_year:
        raise ValidationFailed(
            _("The last year (%(last)s) is before the first year (%(first)s).")
            % {"last": status.last_year, "first": status.first_year},
            field="especially_difficult_to",
        )


def _check_parent(*, level: str, parent: AdministrativeUnit | None) -> None:
    if level == "province":
        if parent is not None:
            raise ValidationFailed(_("A province has no parent unit."), field="parent")
        return
    if parent is None:
        raise ValidationFailed(_("This unit needs a parent unit."), field="parent")
    # Communes hang under a district, or directly under the province after 07/2025.
    allowed = {PARENT_LEVEL[level]} | ({"province"} if level == "commune" else set())
    if parent.level not in allowed:
        raise ValidationFailed(
            _("A %(level)s cannot be placed under a %(parent)s.")
            % {"level": level, "parent": parent.level},
            field="parent",
        )


def _check_validity(
    *, valid_from: dt.date | None, valid_to: dt.date | None, parent: AdministrativeUnit | None
) -> None:
    if valid_from and valid_to and valid_from > valid_to:
        raise ValidationFailed(_("The validity ends before it starts."), field="valid_to")
    if parent is None:
        return
    if parent.valid_from and (valid_from is None or valid_from < parent.valid_from):
        raise ValidationFailed(
            _("The unit would exist before its parent %(parent)s.") % {"parent": parent.name},
            field="valid_from",
        )
    if parent.valid_to and (valid_to is None or valid_to > parent.valid_to):
        raise ValidationFailed(
            _("The unit would outlive its parent %(parent)s.") % {"parent": parent.name},
            field="valid_to",
        )


def _check_code_free(
    *, code: str, valid_from: dt.date | None, valid_to: dt.date | None, exclude_pk: int | None
) -> None:
    """Two rows may share a code only when their validity periods do not overlap."""
    clash = AdministrativeUnit.objects.filter(code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if valid_to is not None:
        clash = clash.exclude(valid_from__gt=valid_to)
    if valid_from is not None:
        clash = clash.exclude(valid_to__lt=valid_from)
    other = clash.first()
    if other is not None:
        raise ValidationFailed(
            _("Code %(code)s is already used by %(name)s in an overlapping period.")
            % {"code": code, "name": other.name},
            field="code",
        )


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: AdministrativeUnit | None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    region: str = "",
    commune_group: int | None = None,
    is_demo: bool = False,
) -> AdministrativeUnit:
    code = code.strip()
    name = " ".join(name.split())
    if not code or not code.isdigit():
        raise ValidationFailed(_("The code must be digits only."), field="code")
    if not name:
        raise ValidationFailed(_("The name is required."), field="name")
    if level not in LEVEL_DEPTH:
        raise ValidationFailed(_("Unknown level “%(level)s”.") % {"level": level}, field="level")
    if kind not in KINDS_BY_LEVEL[level]:
        raise ValidationFailed(
            _("Kind “%(kind)s” does not belong to level “%(level)s”.")
            % {"kind": kind, "level": level},
            field="kind",
        )
    if commune_group is not None and commune_group not in (1, 2, 3):
        raise ValidationFailed(_("The commune group is 1, 2 or 3."), field="commune_group")
    if region and region not in Region.values:
        raise ValidationFailed(
            _("Unknown region “%(region)s”.") % {"region": region}, field="region"
        )
    _check_parent(level=level, parent=parent)
    _check_validity(valid_from=valid_from, valid_to=valid_to, parent=parent)
    _check_code_free(code=code, valid_from=valid_from, valid_to=valid_to, exclude_pk=None)
    unit = AdministrativeUnit.objects.create(
        code=code,
        name=name,
        search_name=fold(name),
        kind=kind,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        region=region or (parent.region if parent else ""),
        commune_group=commune_group,
        is_demo=is_demo,
    )
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: AdministrativeUnit,
    name: str | None = None,
    region: str | None = None,
    commune_group: int | str | None = "unchanged",
    valid_to: dt.date | str | None = "unchanged",
    especially_difficult: EspeciallyDifficult | str | None = "unchanged",
    version: int | None = None,
) -> AdministrativeUnit:
    """Correct a unit's own record. Structural changes (parent, merger) are new rows plus a
    succession, never an edit. ``version``: the one the writer loaded (``EditConflict`` when
    the unit changed since; ``None``: not checked). ``especially_difficult``: the commune's
    status (None: not an especially difficult commune)."""
    if name is not None:
        name = " ".join(name.split())
    sent: dict[str, Any] = {}
    if name is not None:
        sent["name"] = name
    if region is not None:
        sent["region"] = region
    if commune_group != "unchanged":
        sent["commune_group"] = commune_group
    if valid_to != "unchanged":
        sent["valid_to"] = valid_to
    difficult = None if isinstance(especially_difficult, str) else especially_difficult
    if especially_difficult != "unchanged":
        sent["especially_difficult"] = difficult is not None
        if difficult is not None:
            sent["especially_difficult_basis"] = difficult.legal_basis
            sent["especially_difficult_from"] = difficult.first_year
            sent["especially_difficult_to"] = difficult.last_year
    check_version(unit, version, sent=sent)
    facts_before = [getattr(unit, f) for f in FACT_FIELDS]
    if name is not None:
        if not name:
            raise ValidationFailed(_("The name is required."), field="name")
        unit.name = name
        unit.search_name = fold(name)
    if region is not None:
        if region and region not in Region.values:
            raise ValidationFailed(
                _("Unknown region “%(region)s”.") % {"region": region}, field="region"
            )
        unit.region = region
    if commune_group != "unchanged":
        if commune_group is not None and commune_group not in (1, 2, 3):
            raise ValidationFailed(_("The commune group is 1, 2 or 3."), field="commune_group")
        unit.commune_group = commune_group
    if valid_to != "unchanged":
        _check_validity(valid_from=unit.valid_from, valid_to=valid_to, parent=unit.parent)  # type: ignore[arg-type]
        if valid_to is not None and unit.children.filter(valid_to__isnull=True).exists():
            raise ValidationFailed(
                _("Close the validity of the units under it first."), field="valid_to"
            )
        unit.valid_to = valid_to
    if especially_difficult != "unchanged":
        if difficult is not None:
            _check_difficult(unit, difficult)
        unit.especially_difficult = difficult is not None
        unit.especially_difficult_basis = (
            " ".join(difficult.legal_basis.split()) if difficult else ""
        )
        unit.especially_difficult_from = difficult.first_year if difficult else None
        unit.especially_difficult_to = difficult.last_year if difficult else None
    unit.save()
    if [getattr(unit, f) for f in FACT_FIELDS] != facts_before:
        for listener in _FACTS_CHANGED:
            listener(unit)
    return unit


@transaction.atomic
def hamlet_create(
    *, commune: AdministrativeUnit, code: str, name: str, kind: str
) -> AdministrativeUnit:
    """Add a hamlet (ấp, thôn, khóm) to a commune, valid as long as the commune is."""
    code = code.strip()
    if commune.level != Level.COMMUNE:
        raise ValidationFailed(_("Hamlets are added to a commune."), field="code")
    if kind not in KINDS_BY_LEVEL[Level.HAMLET]:
        raise ValidationFailed(_("Choose ấp, thôn or khóm."), field="kind")
    if not (code.startswith(commune.code) and len(code) == len(commune.code) + 2):
        raise ValidationFailed(
            _("A hamlet code is the commune code followed by two digits, e.g. %(example)s.")
            % {"example": f"{commune.code}01"},
            field="code",
        )
    return unit_create(
        code=code,
        name=name,
        kind=kind,
        level=Level.HAMLET,
        parent=commune,
        valid_from=commune.valid_from,
        valid_to=commune.valid_to,
        region=commune.region,
    )
