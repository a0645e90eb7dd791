"""The entry page's view of an evaluation: the values as typed over the stored ones, evaluated,
as rows per criterion and indicator with their form fields."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from smartrural.core.versioned_forms import row_version_field

from ..forms import comment_field, value_field
from ..models import IndicatorValue
from ..parsing import InvalidValue, parse_value
from ..results import Result
from ..selectors import facts_of, provincial_thresholds
from .common import Target, slug
from .rows import CriterionRow, IndicatorRow


def candidate_values(
    target: Target, stored: Mapping[str, IndicatorValue], typed: Mapping[str, str]
) -> tuple[dict[str, tuple[str, Decimal | None]], dict[str, str]]:
    """Stored values overlaid with what was typed (not saved): values and per-code errors."""
    values: dict[str, tuple[str, Decimal | None]] = {
        code: (v.value, v.number) for code, v in stored.items()
    }
    errors: dict[str, str] = {}
    indicators = target.definition.indicators()
    for code, raw in typed.items():
        if code not in indicators:
            continue
        if not raw:
            values.pop(code, None)  # emptied: cleared on saving
            continue
        try:
            parsed = parse_value(indicators[code], raw)
        except InvalidValue as exc:
            errors[code] = exc.message
            values.pop(code, None)
            continue
        values[code] = (parsed.text, parsed.number)
    return values, errors


def present(
    target: Target,
    stored: Mapping[str, IndicatorValue],
    typed: Mapping[str, str] | None = None,
) -> tuple[Result, list[CriterionRow]]:
    values, errors = candidate_values(target, stored, typed or {})
    facts = facts_of(target.unit)
    provincial = provincial_thresholds(target.criteria_set)
    result = target.engine.evaluate(facts=facts, year=target.year, values=values)
    rows: list[CriterionRow] = []
    for criterion in result.groups:  # the recognition conditions too: they are entered here
        row = CriterionRow(criterion.number, criterion.name, criterion.met, criterion.min_met)
        for r in criterion.indicators:
            threshold = r.threshold or r.indicator.threshold_for(
                region=facts.region, commune_group=facts.commune_group, year=target.year
            )
            row.indicators.append(
                IndicatorRow(
                    indicator=r.indicator,
                    result=r,
                    stored=stored.get(r.code),
                    slug=slug(r.code),
                    threshold=threshold,
                    error=errors.get(r.code, ""),
                    provincial=threshold is not None and provincial(r.code, threshold),
                )
            )
        rows.append(row)
    return result, rows


def bound_fields(form: Any, rows: list[CriterionRow]) -> None:
    """Attach each indicator's bound value, comment and version fields (None when not
    editable)."""
    for criterion in rows:
        for row in criterion.indicators:
            name = value_field(row.code)
            editable = form is not None and name in form.fields
            row.value_field = form[name] if editable else None
            row.comment_field = form[comment_field(row.code)] if editable else None
            row.version_field = form[row_version_field(row.code)] if editable else None
            row.field_id = form.field_id(name) if editable else ""
