"""One indicator of a set file: its type, comparator, provenance and thresholds."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..definition import (
    CHOICE,
    COMPARATORS,
    COUNT,
    NUMBER,
    PASS_FAIL,
    PERCENT,
    PROVENANCES,
    SECONDARY,
    UNCONFIRMED,
    VALUE_TYPES,
    Indicator,
)
from .problems import Problems
from .thresholds import parse_thresholds

INDICATOR_KEYS = (
    "code",
    "name",
    "type",
    "unit",
    "comparator",
    "choices",
    "applies_to_wards",
    "provenance",
    "source",
    "derived",
    "thresholds",
)
ALLOWED_COMPARATORS = {
    PASS_FAIL: ("==",),
    CHOICE: ("==", "in"),
    PERCENT: (">=", ">", "<=", "<", "=="),
    NUMBER: (">=", ">", "<=", "<", "=="),
    COUNT: (">=", ">", "<=", "<", "=="),
}


def parse_indicator(
    raw: Any, loc: str, p: Problems, period: tuple[int, int] | None
) -> Indicator | None:
    if not isinstance(raw, dict):
        p.add(loc, _("must be a mapping (code, name, type, comparator, thresholds…)"))
        return None
    before = len(p.problems)
    p.keys(raw, loc, INDICATOR_KEYS)
    code = p.get(raw, "code", loc, str)
    if isinstance(raw.get("code"), float):
        p.problems.pop()
        p.add(
            f"{loc}.code",
            _('write the code in quotes ("%(code)s") so it stays text') % {"code": raw["code"]},
        )
    name = p.get(raw, "name", loc, str)
    value_type = p.choice(raw, "type", loc, VALUE_TYPES)
    comparator = p.choice(raw, "comparator", loc, COMPARATORS)
    unit = p.get(raw, "unit", loc, str, required=False) or ""
    choices = tuple(str(c) for c in p.get(raw, "choices", loc, list, required=False) or ())
    wards = p.get(raw, "applies_to_wards", loc, bool, required=False)
    provenance = p.choice(raw, "provenance", loc, PROVENANCES)
    source = p.get(raw, "source", loc, str, required=False) or ""
    derived = p.get(raw, "derived", loc, str, required=False) or ""
    if provenance in (SECONDARY, UNCONFIRMED) and not source:
        p.add(
            f"{loc}.source",
            _("a %(provenance)s indicator needs a source note") % {"provenance": provenance},
        )
    if value_type == CHOICE and not choices:
        p.add(f"{loc}.choices", _("a choice indicator needs its list of choices"))
    if value_type and comparator and comparator not in ALLOWED_COMPARATORS[value_type]:
        p.add(
            f"{loc}.comparator",
            _("'%(comparator)s' cannot compare a %(type)s value")
            % {"comparator": comparator, "type": value_type},
        )
    raw_thresholds = p.get(raw, "thresholds", loc, list)
    if raw_thresholds == []:
        p.add(f"{loc}.thresholds", _("at least one threshold is required"))
    kind = (value_type, comparator, choices) if value_type and comparator else None
    thresholds = parse_thresholds(raw_thresholds or [], f"{loc}.thresholds", p, kind, period)
    if len(p.problems) > before:
        return None
    assert value_type is not None and comparator is not None and provenance is not None
    return Indicator(
        code=code,
        name=name,
        value_type=value_type,
        comparator=comparator,
        thresholds=thresholds,
        unit=unit,
        choices=choices,
        applies_to_wards=True if wards is None else wards,
        provenance=provenance,
        source=source,
        derived=derived,
    )
