"""Figures the platform computes instead of asking for them (indicators with ``derived``).

A district's recognition conditions (QĐ 320) read the recognitions of its communes: the share of
its rural communes recognised NTM, and advanced, by decisions of the year or earlier. A model
commune's income condition (QĐ 319) compares its income entered for the advanced set with the
advanced threshold of its region and year. A derived figure replaces any value typed for that
indicator. ``share_townships_civilised`` has no source in the platform yet: it stays entered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from smartrural.core.dates import mid_year
from smartrural.geo.models import AdministrativeUnit, Kind, Level

from .definition import SetDefinition
from .engine import threshold_for_unit
from .models import CriteriaSet, IndicatorValue
from .recognitions import recognised_levels
from .versions import compiled, current_version, facts_of

Values = dict[int, dict[str, tuple[str, float | None]]]


def _share_of_communes(
    level: str,
) -> Callable[[Sequence[AdministrativeUnit], int], dict[int, float]]:
    def compute(units: Sequence[AdministrativeUnit], year: int) -> dict[int, float]:
        communes = list(
            AdministrativeUnit.objects.valid_on(mid_year(year))
            .filter(level=Level.COMMUNE, kind=Kind.COMMUNE, parent__in=[u.pk for u in units])
            .values_list("pk", "parent_id")
        )
        held = recognised_levels(unit_ids=[pk for pk, _parent in communes], year=year)
        totals: dict[int, int] = {}
        recognised: dict[int, int] = {}
        for pk, parent_id in communes:
            totals[parent_id] = totals.get(parent_id, 0) + 1
            if level in held.get(pk, set()):
                recognised[parent_id] = recognised.get(parent_id, 0) + 1
        return {
            parent: round(100 * recognised.get(parent, 0) / total, 2)
            for parent, total in totals.items()
        }

    return compute


ADVANCED_SET = "QD318-XA-NC"
ADVANCED_INCOME = "10"


def _income_above_advanced(units: Sequence[AdministrativeUnit], year: int) -> dict[int, float]:
    """How far (%) each commune's income is above the advanced income threshold of its region
    and year (QĐ 319: a model commune needs ≥ 10%). Reads the income entered for the advanced
    set; no figure when the income or the threshold is missing."""
    advanced = CriteriaSet.objects.filter(code=ADVANCED_SET).first()
    version = current_version(advanced) if advanced is not None else None
    if advanced is None or version is None:
        return {}
    indicator = compiled(version).definition.indicators().get(ADVANCED_INCOME)
    if indicator is None:
        return {}
    incomes = dict(
        IndicatorValue.objects.filter(
            criteria_set=advanced.root,
            year=year,
            indicator_code=ADVANCED_INCOME,
            unit__in=[u.pk for u in units],
            number__isnull=False,
        ).values_list("unit_id", "number")
    )
    out: dict[int, float] = {}
    for unit in units:
        threshold = threshold_for_unit(indicator, facts_of(unit), year)
        income = incomes.get(unit.pk)
        if income is None or threshold is None or not isinstance(threshold.value, Decimal):
            continue
        if threshold.value > 0:
            out[unit.pk] = round(float((income / threshold.value - 1) * 100), 2)
    return out


DERIVATIONS: dict[str, Callable[[Sequence[AdministrativeUnit], int], dict[int, float]]] = {
    "share_communes_ntm": _share_of_communes("ntm"),
    "share_communes_advanced": _share_of_communes("advanced"),
    "income_above_advanced_threshold_pct": _income_above_advanced,
}


def add_derived(
    definition: SetDefinition, units: Sequence[AdministrativeUnit], year: int, values: Values
) -> None:
    """Put the computed figures of ``units`` into ``values`` (in place); two queries per
    derivation used by the set, none when the set has none."""
    wanted = {
        ind.code: ind.derived
        for ind in definition.indicators().values()
        if ind.derived in DERIVATIONS
    }
    for code, name in wanted.items():
        figures = DERIVATIONS[name](units, year)
        for unit in units:
            share = figures.get(unit.pk)
            if share is not None:
                text = format(Decimal(str(share)).normalize(), "f")
                values.setdefault(unit.pk, {})[code] = (text, share)
