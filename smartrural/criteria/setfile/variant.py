"""A provincial variant file: only what changes from its base set (see
``smartrural.criteria.variants.resolve_variant``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..definition import SetDefinition
from .fields import parse_legal_basis, parse_period
from .indicators import parse_indicator
from .problems import Problems
from .thresholds import parse_thresholds

VARIANT_KEYS = ("code", "name", "base", "legal_basis", "period", "notes", "overrides", "add")


def parse_variant(data: dict[str, Any], p: Problems) -> SetDefinition | None:
    """A provincial variant: only what changes from its base (see ``variants.resolve_variant``)."""
    p.keys(data, "", VARIANT_KEYS)
    code = p.get(data, "code", "", str)
    name = p.get(data, "name", "", str)
    base = p.get(data, "base", "", str)
    legal_number, legal_date = parse_legal_basis(data, p, required=False)
    period = parse_period(data, p, required=False)
    notes = p.get(data, "notes", "", str, required=False) or ""
    overrides = p.get(data, "overrides", "", list, required=False) or []
    for oi, raw in enumerate(overrides):
        loc = f"overrides[{oi}]"
        if not isinstance(raw, dict):
            p.add(loc, _("must be a mapping (indicator, thresholds)"))
            continue
        p.keys(raw, loc, ("indicator", "thresholds"))
        p.get(raw, "indicator", loc, str)
        parse_thresholds(
            p.get(raw, "thresholds", loc, list) or [], f"{loc}.thresholds", p, None, period
        )
    additions = p.get(data, "add", "", list, required=False) or []
    for ai, raw in enumerate(additions):
        loc = f"add[{ai}]"
        if not isinstance(raw, dict):
            p.add(loc, _("must be a mapping (criterion, indicators)"))
            continue
        p.keys(raw, loc, ("criterion", "indicators"))
        p.get(raw, "criterion", loc, int)
        for ii, ind in enumerate(p.get(raw, "indicators", loc, list) or []):
            parse_indicator(ind, f"{loc}.indicators[{ii}]", p, period)
    if p.problems:
        return None
    assert code and name and base
    return SetDefinition(
        code=code,
        name=name,
        legal_basis=legal_number or "",
        legal_date=legal_date,
        unit_level="",
        valid_from_year=period[0] if period else 0,
        valid_to_year=period[1] if period else 0,
        awards="",
        requires=None,
        criteria=(),
        base=base,
        notes=notes,
        extra={"variant": {"overrides": overrides, "add": additions}},
    )
