"""Provincial variants as definitions: a variant file's changes applied to its base set, one
threshold merged into an indicator. Pure functions of definitions; the services store them.

A provincial variant is stored as a FULL definition (resolved against the base set's current
version, recorded as ``base_version``) so that the evaluation engine always reads one
definition.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext as _

from .definition import Criterion, Indicator, SetDefinition, Threshold
from .setfile import Problems, parse_indicator, parse_thresholds


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
            p.add(f"overrides[{oi}].indicator", no_indicator(code, base.code))
            continue
        crit = criteria[located[code]]
        ind = next(i for i in crit.indicators if i.code == code)
        kind = (ind.value_type, ind.comparator, ind.choices)
        new = parse_thresholds(raw["thresholds"], f"overrides[{oi}].thresholds", p, kind, period)
        criteria[crit.number] = replace_indicator(
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


def no_indicator(code: str, set_code: str) -> str:
    return _("no indicator '%(code)s' in %(set)s") % {"code": code, "set": set_code}


def replace_indicator(crit: Criterion, new: Indicator) -> Criterion:
    return dataclasses.replace(
        crit, indicators=tuple(new if i.code == new.code else i for i in crit.indicators)
    )
