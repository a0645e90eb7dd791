"""Parsing and validating YAML set files (docs/criteria-sets.md), every problem at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import Region

from ..definition import (
    CHOICE,
    COMPARATORS,
    CONFIRMED,
    COUNT,
    CRITERION,
    CRITERION_KINDS,
    DISTRICT_LEVELS,
    LEVELS,
    NUMBER,
    PASS_FAIL,
    PERCENT,
    PROVENANCES,
    SECONDARY,
    UNCONFIRMED,
    VALUE_TYPES,
    Criterion,
    Indicator,
    SetDefinition,
    Threshold,
)
from .jsonform import PASS_VALUE

UNIT_LEVELS = ("commune", "district")
TOP_KEYS = (
    "code",
    "name",
    "legal_basis",
    "unit_level",
    "period",
    "awards",
    "requires",
    "notes",
    "criteria",
)
VARIANT_KEYS = ("code", "name", "base", "legal_basis", "period", "notes", "overrides", "add")
CRITERION_KEYS = ("number", "name", "group", "kind", "min_met", "indicators")
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
THRESHOLD_KEYS = ("value", "region", "commune_group", "year", "provenance", "source", "placeholder")
TYPE_NAMES = {
    str: gettext_lazy("text"),
    int: gettext_lazy("a whole number"),
    bool: gettext_lazy("true or false"),
    list: gettext_lazy("a list"),
    dict: gettext_lazy("a mapping"),
}


class SetFileInvalid(ValidationFailed):
    """A set file has problems; ``problems`` lists every one, each prefixed by its location."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Problems:
    """Collects located problems so that every one is reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, loc: str, message: str) -> None:
        self.problems.append(f"{loc}: {message}" if loc else message)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SetFileInvalid(self.problems)

    def keys(self, data: dict[str, Any], loc: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.add(_at(loc, str(key)), _("unknown field"))

    def get(
        self, data: dict[str, Any], key: str, loc: str, kind: type, *, required: bool = True
    ) -> Any:
        """The value of ``key`` if present and of ``kind``; None (and a problem) otherwise."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(_at(loc, key), _("missing field"))
            return None
        if kind is str and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # an unquoted code such as 10
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.add(
                _at(loc, key),
                _("must be %(kind)s, not %(value)r")
                % {"kind": str(TYPE_NAMES[kind]), "value": value},
            )
            return None
        return value

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        loc: str,
        allowed: tuple[str, ...],
        *,
        required: bool = True,
    ) -> str | None:
        value = self.get(data, key, loc, str, required=required)
        if value is not None and value not in allowed:
            self.add(
                _at(loc, key),
                _("unknown %(field)s '%(value)s' (expected one of: %(allowed)s)")
                % {"field": key.replace("_", " "), "value": value, "allowed": ", ".join(allowed)},
            )
            return None
        return value


def _at(loc: str, key: str) -> str:
    return f"{loc}.{key}" if loc else key


def read_text(text_or_path: str | Path) -> str:
    """A ``Path`` or a one-line string ending in .yaml/.yml is read as a file; else it is text."""
    if isinstance(text_or_path, Path):
        return text_or_path.read_text(encoding="utf-8")
    if "\n" not in text_or_path and text_or_path.strip().endswith((".yaml", ".yml")):
        return Path(text_or_path.strip()).read_text(encoding="utf-8")
    return text_or_path


def parse_set_file(text_or_path: str | Path) -> SetDefinition:
    """Validate a set file into a definition, or raise ``SetFileInvalid`` listing every problem.

    A variant file (with ``base``) is checked as far as possible without its base and returned
    unresolved (``criteria`` empty, its changes in ``extra["variant"]``):
    ``smartrural.criteria.sets.resolve_variant`` turns it into a full definition.
    """
    try:
        data = yaml.safe_load(read_text(text_or_path))
    except yaml.YAMLError as exc:
        raise SetFileInvalid([_("The file is not valid YAML: %(error)s") % {"error": exc}]) from exc
    if not isinstance(data, dict):
        raise SetFileInvalid([_("The file must be a mapping of fields (code, name, criteria…).")])
    p = Problems()
    defn = _parse_variant(data, p) if data.get("base") is not None else _parse_set(data, p)
    p.raise_if_any()
    assert defn is not None
    return defn


def _parse_set(data: dict[str, Any], p: Problems) -> SetDefinition | None:
    p.keys(data, "", TOP_KEYS)
    code = p.get(data, "code", "", str)
    name = p.get(data, "name", "", str)
    legal_number, legal_date = _parse_legal_basis(data, p)
    unit_level = p.choice(data, "unit_level", "", UNIT_LEVELS)
    period = _parse_period(data, p, required=True)
    awards = p.choice(data, "awards", "", LEVELS + DISTRICT_LEVELS)
    requires = p.get(data, "requires", "", str, required=False)
    notes = p.get(data, "notes", "", str, required=False) or ""
    if awards and unit_level and (awards in DISTRICT_LEVELS) != (unit_level == "district"):
        p.add(
            "awards",
            _("'%(value)s' cannot be awarded to a %(level)s unit")
            % {"value": awards, "level": unit_level},
        )
    raw_criteria = p.get(data, "criteria", "", list)
    if raw_criteria == []:
        p.add("criteria", _("at least one criterion is required"))
    criteria = _parse_criteria(raw_criteria or [], p, period)
    if criteria and all(c.is_condition for c in criteria):
        p.add("criteria", _("at least one criterion must not be a condition"))
    if p.problems:
        return None
    assert code and name and unit_level and awards and period
    return SetDefinition(
        code=code,
        name=name,
        legal_basis=legal_number or "",
        legal_date=legal_date,
        unit_level=unit_level,
        valid_from_year=period[0],
        valid_to_year=period[1],
        awards=awards,
        requires=requires,
        criteria=tuple(criteria),
        notes=notes,
    )


def _parse_criteria(
    raw_criteria: list[Any], p: Problems, period: tuple[int, int] | None
) -> list[Criterion]:
    criteria: list[Criterion] = []
    numbers: set[int] = set()
    codes: set[str] = set()
    for ci, raw in enumerate(raw_criteria):
        loc = f"criteria[{ci}]"
        crit = _parse_criterion(raw, loc, p, period)
        if crit is None:
            continue
        if crit.number in numbers:
            p.add(f"{loc}.number", _("duplicate criterion number %(n)s") % {"n": crit.number})
        numbers.add(crit.number)
        for ii, ind in enumerate(crit.indicators):
            if ind.code in codes:
                p.add(
                    f"{loc}.indicators[{ii}].code",
                    _("duplicate indicator code '%(code)s'") % {"code": ind.code},
                )
            codes.add(ind.code)
        criteria.append(crit)
    return criteria


def _parse_legal_basis(
    data: dict[str, Any], p: Problems, *, required: bool = True
) -> tuple[str | None, dt.date | None]:
    legal = p.get(data, "legal_basis", "", dict, required=required)
    if legal is None:
        return None, None
    p.keys(legal, "legal_basis", ("number", "date"))
    number = p.get(legal, "number", "legal_basis", str)
    date = legal.get("date")
    if date is None:
        p.add("legal_basis.date", _("missing field"))
    elif not isinstance(date, dt.date):
        p.add(
            "legal_basis.date",
            _("must be a date written YYYY-MM-DD, not %(value)r") % {"value": date},
        )
        date = None
    return number, date


def _parse_period(data: dict[str, Any], p: Problems, *, required: bool) -> tuple[int, int] | None:
    period = p.get(data, "period", "", dict, required=required)
    if period is None:
        return None
    p.keys(period, "period", ("from", "to"))
    start = p.get(period, "from", "period", int)
    end = p.get(period, "to", "period", int)
    if start is None or end is None:
        return None
    if start > end:
        p.add(
            "period", _("'from' (%(start)s) is after 'to' (%(end)s)") % {"start": start, "end": end}
        )
        return None
    return start, end


def _parse_criterion(
    raw: Any, loc: str, p: Problems, period: tuple[int, int] | None
) -> Criterion | None:
    if not isinstance(raw, dict):
        p.add(loc, _("must be a mapping (number, name, group, indicators)"))
        return None
    before = len(p.problems)
    p.keys(raw, loc, CRITERION_KEYS)
    number = p.get(raw, "number", loc, int)
    name = p.get(raw, "name", loc, str)
    group = p.get(raw, "group", loc, str)
    kind = p.choice(raw, "kind", loc, CRITERION_KINDS, required=False)
    min_met = p.get(raw, "min_met", loc, int, required=False)
    raw_indicators = p.get(raw, "indicators", loc, list)
    if raw_indicators == []:
        p.add(f"{loc}.indicators", _("at least one indicator is required"))
    indicators = [
        ind
        for ii, r in enumerate(raw_indicators or [])
        if (ind := parse_indicator(r, f"{loc}.indicators[{ii}]", p, period)) is not None
    ]
    if min_met is not None and not 1 <= min_met <= len(raw_indicators or []):
        p.add(
            f"{loc}.min_met",
            _("must be between 1 and the number of indicators (%(n)s)")
            % {"n": len(raw_indicators or [])},
        )
    if len(p.problems) > before:
        return None
    return Criterion(
        number=number,
        name=name,
        group=group,
        min_met=min_met,
        indicators=tuple(indicators),
        kind=kind or CRITERION,
    )


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


ALLOWED_COMPARATORS = {
    PASS_FAIL: ("==",),
    CHOICE: ("==", "in"),
    PERCENT: (">=", ">", "<=", "<", "=="),
    NUMBER: (">=", ">", "<=", "<", "=="),
    COUNT: (">=", ">", "<=", "<", "=="),
}
Kind = tuple[str, str, tuple[str, ...]]  # value type, comparator, choices


def parse_thresholds(
    raws: list[Any], loc: str, p: Problems, kind: Kind | None, period: tuple[int, int] | None
) -> tuple[Threshold, ...]:
    """Thresholds of one indicator; the value is checked against ``kind`` when it is known."""
    out: list[Threshold] = []
    seen: set[tuple[str | None, int | None, int | None]] = set()
    for ti, raw in enumerate(raws):
        t = _parse_threshold(raw, f"{loc}[{ti}]", p, kind, period)
        if t is None:
            continue
        selector = (t.region, t.commune_group, t.year)
        if selector in seen:
            p.add(f"{loc}[{ti}]", _("another threshold has the same region, group and year"))
        seen.add(selector)
        out.append(t)
    return tuple(out)


def _parse_threshold(
    raw: Any, loc: str, p: Problems, kind: Kind | None, period: tuple[int, int] | None
) -> Threshold | None:
    if not isinstance(raw, dict):
        p.add(loc, _("must be a mapping (value, provenance…)"))
        return None
    before = len(p.problems)
    p.keys(raw, loc, THRESHOLD_KEYS)
    region = p.choice(raw, "region", loc, tuple(Region.values), required=False)
    group = p.get(raw, "commune_group", loc, int, required=False)
    if group is not None and group not in (1, 2, 3):
        p.add(f"{loc}.commune_group", _("must be 1, 2 or 3, not %(value)s") % {"value": group})
    year = p.get(raw, "year", loc, int, required=False)
    if year is not None and period and not period[0] <= year <= period[1]:
        p.add(
            f"{loc}.year",
            _("%(year)s is outside the period %(start)s–%(end)s")
            % {"year": year, "start": period[0], "end": period[1]},
        )
    provenance = p.choice(raw, "provenance", loc, PROVENANCES)
    source = p.get(raw, "source", loc, str, required=False) or ""
    placeholder = p.get(raw, "placeholder", loc, bool, required=False) or False
    if provenance in (SECONDARY, UNCONFIRMED):
        if not placeholder:
            p.add(
                f"{loc}.placeholder",
                _("a %(provenance)s value must be marked 'placeholder: true' (never official)")
                % {"provenance": provenance},
            )
        if not source:
            p.add(
                f"{loc}.source",
                _("a %(provenance)s value needs a source note") % {"provenance": provenance},
            )
    elif provenance == CONFIRMED and placeholder:
        p.add(f"{loc}.placeholder", _("a confirmed value is not a placeholder"))
    value = _parse_value(raw, loc, p, kind)
    if len(p.problems) > before or value is None:
        return None
    assert provenance is not None
    return Threshold(
        value=value,
        region=region,
        commune_group=group,
        year=year,
        provenance=provenance,
        source=source,
        placeholder=placeholder,
    )


def _parse_value(
    raw: dict[str, Any], loc: str, p: Problems, kind: Kind | None
) -> Decimal | str | tuple[str, ...] | None:
    value = raw.get("value")
    loc = f"{loc}.value"
    if value is None:
        p.add(loc, _("missing field"))
        return None
    if kind is None:  # variant override before resolution: shape only
        if isinstance(value, list):
            return tuple(str(v) for v in value)
        return _number(value) if isinstance(value, int | float) else str(value)
    value_type, comparator, choices = kind
    if value_type == PASS_FAIL:
        if value != PASS_VALUE:
            p.add(
                loc,
                _('a pass/fail threshold is "%(ok)s", not %(value)r')
                % {"ok": PASS_VALUE, "value": value},
            )
            return None
        return PASS_VALUE
    if value_type == CHOICE:
        values = value if isinstance(value, list) else [value]
        if comparator == "in" and not isinstance(value, list):
            p.add(loc, _("with 'in' the value is a list of choices"))
            return None
        unknown = [str(v) for v in values if str(v) not in choices]
        if unknown:
            p.add(loc, _("not among the choices: %(values)s") % {"values": ", ".join(unknown)})
            return None
        return tuple(str(v) for v in values) if comparator == "in" else str(value)
    number = _number(value)
    if number is None:
        p.add(loc, _("must be a number, not %(value)r") % {"value": value})
    elif value_type == PERCENT and not 0 <= number <= 100:
        p.add(loc, _("a percentage must be between 0 and 100, not %(value)s") % {"value": value})
    elif value_type == COUNT and (number < 0 or number != number.to_integral_value()):
        p.add(loc, _("a count must be a whole number ≥ 0, not %(value)s") % {"value": value})
    else:
        return number
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _parse_variant(data: dict[str, Any], p: Problems) -> SetDefinition | None:
    """A provincial variant: only what changes from its base (see ``sets.resolve_variant``)."""
    p.keys(data, "", VARIANT_KEYS)
    code = p.get(data, "code", "", str)
    name = p.get(data, "name", "", str)
    base = p.get(data, "base", "", str)
    legal_number, legal_date = _parse_legal_basis(data, p, required=False)
    period = _parse_period(data, p, required=False)
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
