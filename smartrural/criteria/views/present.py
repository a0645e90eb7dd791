"""The entry page's view of an evaluation: per criterion, per indicator, what to show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.versioned_forms import row_version_field

from ..definition import CONFIRMED, SECONDARY, UNCONFIRMED, Indicator, Threshold
from ..engine import MET, NOT_MET, IndicatorResult, InvalidValue, Result, parse_value

# explain's own renderings of a threshold and a comparator, so the page and the explanation
# never write the same threshold two ways.
from ..explain import OP_MET, threshold_display, threshold_scope
from ..models import IndicatorValue, ValueStatus
from ..selectors import facts_of
from .common import Target, slug

PROVENANCE = {
    CONFIRMED: gettext_lazy("confirmed"),
    SECONDARY: gettext_lazy("secondary source"),
    UNCONFIRMED: gettext_lazy("unconfirmed"),
}


@dataclass
class IndicatorRow:
    indicator: Indicator
    result: IndicatorResult
    stored: IndicatorValue | None
    slug: str
    threshold: Threshold | None
    error: str = ""
    value_field: Any = None  # bound form fields, None when the value cannot be edited
    comment_field: Any = None
    version_field: Any = None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def explanation(self) -> str:
        return self.result.explanation()

    @property
    def met(self) -> bool | None:
        return self.result.met

    @property
    def outcome(self) -> str:
        """ "met", "not_met" or "" (nothing to judge yet)."""
        if self.result.status == MET:
            return "met"
        return "not_met" if self.result.status == NOT_MET or self.met is False else ""

    @property
    def threshold_text(self) -> str:
        t = self.threshold
        if t is None:
            return _("No threshold applies to this unit and year.")
        op = OP_MET.get(self.indicator.comparator, self.indicator.comparator)
        return f"{op} {threshold_display(self.indicator, t)}"

    @property
    def threshold_scope(self) -> str:
        return threshold_scope(self.threshold) if self.threshold else ""

    @property
    def provenance(self) -> str:
        source = self.threshold.provenance if self.threshold else self.indicator.provenance
        return str(PROVENANCE.get(source, source))

    @property
    def placeholder(self) -> bool:
        return bool(self.threshold and self.threshold.placeholder)

    @property
    def status_label(self) -> str:
        return str(ValueStatus(self.stored.status).label) if self.stored else _("Not entered")

    @property
    def locked(self) -> bool:
        return self.stored is not None and self.stored.status == ValueStatus.LOCKED


@dataclass
class CriterionRow:
    number: int
    name: str
    met: bool
    min_met: int | None
    indicators: list[IndicatorRow] = field(default_factory=list)


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
        if not raw or code not in indicators:
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
                )
            )
        rows.append(row)
    return result, rows


def bound_fields(form: Any, rows: list[CriterionRow]) -> None:
    """Attach each indicator's bound value, comment and version fields (None when not
    editable)."""
    from ..forms import comment_field, value_field

    for criterion in rows:
        for row in criterion.indicators:
            name = value_field(row.code)
            editable = form is not None and name in form.fields
            row.value_field = form[name] if editable else None
            row.comment_field = form[comment_field(row.code)] if editable else None
            row.version_field = form[row_version_field(row.code)] if editable else None
