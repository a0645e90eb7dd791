"""The criteria of a set file: numbers and indicator codes unique across the set."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..definition import CRITERION, CRITERION_KINDS, Criterion
from .indicators import parse_indicator
from .problems import Problems

CRITERION_KEYS = ("number", "name", "group", "kind", "min_met", "indicators")


def parse_criteria(
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
