"""Services for criteria sets: import set files as versions, derive and edit provincial variants.

A set's versions are immutable; a change makes a new version, and importing a definition equal
to the current version changes nothing. A provincial variant is stored as a FULL definition
(resolved against the base set's current version, recorded as ``base_version``) so that the
evaluation engine always reads one definition.
"""

from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.errors import ValidationFailed

from .definition import CONFIRMED, Criterion, Indicator, SetDefinition, Threshold
from .models import CriteriaSet, CriteriaSetVersion, cited_legal_basis
from .setfile import (
    Problems,
    definition_from_json,
    definition_to_json,
    parse_indicator,
    parse_set_file,
    parse_thresholds,
)

DATA_DIR = Path(__file__).parent / "data"
# In dependency order: a set is imported after the set it requires.
NATIONAL_FILES = ("QD318-XA", "QD318-XA-NC", "QD319-XA-KM", "QD320-HUYEN", "QD51-XA")


@functools.cache
def shipped_set_names() -> dict[str, str]:
    """Code -> "name (legal basis)" of every shipped national set, as ``CriteriaSet.display_name``
    would name it once loaded (for pages that name a set that is not loaded yet)."""
    names: dict[str, str] = {}
    for code in NATIONAL_FILES:
        definition = parse_set_file(DATA_DIR / f"{code}.yaml")
        legal = cited_legal_basis(definition.legal_basis) or code
        names[code] = f"{definition.name} ({legal})"
    return names


def current_version(criteria_set: CriteriaSet) -> CriteriaSetVersion:
    """The newest version of the set (every stored set has at least one)."""
    version = criteria_set.versions.order_by("-number").first()
    if version is None:
        raise ValidationFailed(_("The set %(code)s has no version.") % {"code": criteria_set.code})
    return version


def current_definition(criteria_set: CriteriaSet) -> SetDefinition:
    return definition_from_json(current_version(criteria_set).definition)


def merge_thresholds(
    existing: tuple[Threshold, ...], changes: tuple[Threshold, ...]
) -> tuple[Threshold, ...]:
    """Each change replaces the threshold with the same region, group and year, or is added."""
    merged = list(existing)
    for change in changes:
        key = (change.region, change.commune_group, change.year)
        for i, t in enumerate(merged):
            if (t.region, t.commune_group, t.year) == key:
                merged[i] = change
                break
        else:
            merged.append(change)
    return tuple(merged)


def resolve_variant(
    variant: SetDefinition, *, base: SetDefinition, base_version: int | None
) -> SetDefinition:
    """The full definition of an unresolved variant (``parse_set_file``) applied to ``base``.

    Raises ``SetFileInvalid`` listing every override or addition that does not fit the base.
    """
    changes: dict[str, Any] = variant.extra.get("variant", {})
    period = (
        (variant.valid_from_year, variant.valid_to_year)
        if variant.valid_from_year
        else (base.valid_from_year, base.valid_to_year)
    )
    criteria = {c.number: c for c in base.criteria}
    located = {i.code: c.number for c in base.criteria for i in c.indicators}
    p = Problems()
    for oi, raw in enumerate(changes.get("overrides", [])):
        code = str(raw["indicator"])
        if code not in located:
            p.add(f"overrides[{oi}].indicator", _no_indicator(code, base.code))
            continue
        crit = criteria[located[code]]
        ind = next(i for i in crit.indicators if i.code == code)
        kind = (ind.value_type, ind.comparator, ind.choices)
        new = parse_thresholds(raw["thresholds"], f"overrides[{oi}].thresholds", p, kind, period)
        criteria[crit.number] = _replace_indicator(
            crit, dataclasses.replace(ind, thresholds=merge_thresholds(ind.thresholds, new))
        )
    for ai, raw in enumerate(changes.get("add", [])):
        number = raw["criterion"]
        if number not in criteria:
            p.add(
                f"add[{ai}].criterion",
                _("no criterion %(n)s in %(code)s") % {"n": number, "code": base.code},
            )
            continue
        added: list[Indicator] = []
        for ii, raw_ind in enumerate(raw["indicators"]):
            new_ind = parse_indicator(raw_ind, f"add[{ai}].indicators[{ii}]", p, period)
            if new_ind is not None and new_ind.code in located:
                p.add(
                    f"add[{ai}].indicators[{ii}].code",
                    _("indicator '%(code)s' already exists; override its thresholds instead")
                    % {"code": new_ind.code},
                )
            elif new_ind is not None:
                located[new_ind.code] = number
                added.append(new_ind)
        crit = criteria[number]
        criteria[number] = dataclasses.replace(crit, indicators=crit.indicators + tuple(added))
    p.raise_if_any()
    return dataclasses.replace(
        base,
        code=variant.code,
        name=variant.name,
        legal_basis=variant.legal_basis or base.legal_basis,
        legal_date=variant.legal_date if variant.legal_basis else base.legal_date,
        valid_from_year=period[0],
        valid_to_year=period[1],
        base=base.code,
        base_version=base_version,
        notes=variant.notes or base.notes,
        extra={},
        criteria=tuple(criteria[c.number] for c in base.criteria),
    )


def _no_indicator(code: str, set_code: str) -> str:
    return _("no indicator '%(code)s' in %(set)s") % {"code": code, "set": set_code}


def _replace_indicator(crit: Criterion, new: Indicator) -> Criterion:
    return dataclasses.replace(
        crit, indicators=tuple(new if i.code == new.code else i for i in crit.indicators)
    )


def _store(
    *, criteria_set: CriteriaSet, definition: SetDefinition, by: User | None, note: str
) -> CriteriaSetVersion:
    """A new version if ``definition`` differs from the current one; else the current one."""
    data = definition_to_json(definition)
    current = criteria_set.versions.order_by("-number").first()
    if current is not None and current.definition == data:
        return current
    if (criteria_set.name, criteria_set.legal_basis) != (definition.name, definition.legal_basis):
        criteria_set.name = definition.name
        criteria_set.legal_basis = definition.legal_basis
        criteria_set.save(update_fields=["name", "legal_basis"])
    return CriteriaSetVersion.objects.create(
        criteria_set=criteria_set,
        number=current.number + 1 if current else 1,
        definition=data,
        note=note[:300],
        created_by=by,
    )


@transaction.atomic
def criteria_set_import(
    *, definition: SetDefinition, by: User | None = None, note: str = ""
) -> CriteriaSetVersion:
    """Create the set, or a new version of it only if the definition changed (idempotent).

    An unresolved variant (from ``parse_set_file``) is resolved against its base set's current
    version first; the stored definition is always complete.
    """
    base_set: CriteriaSet | None = None
    if definition.base is not None:
        base_set = CriteriaSet.objects.filter(code=definition.base).first()
        if base_set is None:
            raise ValidationFailed(
                _("The base set %(code)s is not imported yet.") % {"code": definition.base},
                field="base",
            )
        if "variant" in definition.extra:
            version = current_version(base_set)
            definition = resolve_variant(
                definition,
                base=definition_from_json(version.definition),
                base_version=version.number,
            )
    if definition.requires and not CriteriaSet.objects.filter(code=definition.requires).exists():
        raise ValidationFailed(
            _("The required set %(code)s is not imported yet.") % {"code": definition.requires},
            field="requires",
        )
    criteria_set = CriteriaSet.objects.select_for_update().filter(code=definition.code).first()
    if criteria_set is None:
        criteria_set = CriteriaSet.objects.create(
            code=definition.code,
            name=definition.name,
            base=base_set,
            unit_level=definition.unit_level,
        )
    elif criteria_set.base_id != (base_set.pk if base_set else None):
        raise ValidationFailed(
            _("The set %(code)s already exists with another base.") % {"code": definition.code},
            field="base",
        )
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)


def load_national_sets(*, by: User | None = None) -> list[CriteriaSetVersion]:
    """Import every shipped national set file (idempotent); returns their current versions."""
    return [
        criteria_set_import(
            definition=parse_set_file(DATA_DIR / f"{code}.yaml"),
            by=by,
            note=_("Imported from %(file)s") % {"file": f"{code}.yaml"},
        )
        for code in NATIONAL_FILES
    ]


@transaction.atomic
def criteria_set_derive(
    *, base: CriteriaSet, code: str, name: str, by: User | None
) -> CriteriaSetVersion:
    """A provincial variant of ``base`` that starts identical to its current version."""
    if CriteriaSet.objects.filter(code=code).exists():
        raise ValidationFailed(_("A set %(code)s already exists.") % {"code": code}, field="code")
    version = current_version(base)
    definition = dataclasses.replace(
        definition_from_json(version.definition),
        code=code,
        name=name,
        base=base.code,
        base_version=version.number,
        extra={},
    )
    criteria_set = CriteriaSet.objects.create(
        code=code, name=name, base=base, unit_level=definition.unit_level
    )
    note = _("Derived from %(code)s v%(n)s") % {"code": base.code, "n": version.number}
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)


@transaction.atomic
def criteria_set_override_threshold(
    *,
    criteria_set: CriteriaSet,
    indicator_code: str,
    value: Decimal | int | str | list[str] | tuple[str, ...],
    region: str | None = None,
    commune_group: int | None = None,
    year: int | None = None,
    by: User | None,
    note: str,
    provenance: str = CONFIRMED,
    source: str = "",
) -> CriteriaSetVersion:
    """A new version of a variant with one threshold set (replaced or added for that case).

    National sets are never edited here: a province derives a variant first. The value is the
    province's own decision, hence ``confirmed`` unless told otherwise; ``source`` defaults to
    the note.
    """
    if criteria_set.base_id is None:
        raise ValidationFailed(
            _(
                "%(code)s is a national set and cannot be edited; derive a provincial variant "
                "and change the variant."
            )
            % {"code": criteria_set.code},
        )
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    definition = current_definition(criteria_set)
    crit = next(
        (c for c in definition.criteria for i in c.indicators if i.code == indicator_code), None
    )
    if crit is None:
        raise ValidationFailed(
            _no_indicator(indicator_code, criteria_set.code), field="indicator_code"
        )
    ind = next(i for i in crit.indicators if i.code == indicator_code)
    raw = {
        "value": list(value) if isinstance(value, tuple) else value,
        "region": region,
        "commune_group": commune_group,
        "year": year,
        "provenance": provenance,
        "source": source or note,
        "placeholder": provenance != CONFIRMED,
    }
    if isinstance(raw["value"], Decimal):
        raw["value"] = str(raw["value"])
    p = Problems()
    period = (definition.valid_from_year, definition.valid_to_year)
    new = parse_thresholds(
        [raw], "threshold", p, (ind.value_type, ind.comparator, ind.choices), period
    )
    p.raise_if_any()
    updated = dataclasses.replace(ind, thresholds=merge_thresholds(ind.thresholds, new))
    definition = dataclasses.replace(
        definition,
        criteria=tuple(
            _replace_indicator(c, updated) if c.number == crit.number else c
            for c in definition.criteria
        ),
    )
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)
