"""Demo indicator values (``data/values.yaml``), entered through the value service.

Each year's values of a set are one ``data_value_sets_import`` per officer who enters them (the
commune's own officer, else its district's, else the province office), at the day the plan
gives: parsed by the set's indicators, all or nothing, with history. Every value is drawn from
the set's own definition so that the unit meets every criterion, or misses one to three when
the plan says so; the engine then checks every unit (``check_with_engine``) and the demo stops
when one does not come out as planned.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smartrural.criteria.definition import (
    CHOICE,
    COUNT,
    PASS_FAIL,
    PERCENT,
    Indicator,
    SetDefinition,
    Threshold,
)
from smartrural.criteria.derived import DERIVATIONS
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import (
    as_of_for_year,
    compiled,
    criteria_set_by_code,
    current_version,
    evaluate_units,
    facts_of,
)
from smartrural.criteria.services import ValueRow, data_value_sets_import
from smartrural.geo.models import AdministrativeUnit, Kind, Level

from .accounts import Actors
from .clock import at
from .datafiles import day, read_csv, read_yaml
from .errors import DemoError

OLD_PROVINCE, NEW_PROVINCE = "84", "86"


@dataclass(frozen=True)
class Entry:
    """The values one unit enters for a set and a year."""

    unit: AdministrativeUnit
    meets: bool


def definition_of(code: str) -> tuple[CriteriaSet, SetDefinition]:
    criteria_set = criteria_set_by_code(code)
    version = current_version(criteria_set) if criteria_set is not None else None
    if criteria_set is None or version is None:
        raise DemoError(f"The criteria set {code} is not imported.")
    return criteria_set, compiled(version).definition


def _step(threshold: Threshold) -> Decimal:
    value = threshold.value
    assert isinstance(value, Decimal)
    return max(abs(value) * Decimal("0.15"), Decimal(1))


def raw_value(
    indicator: Indicator, threshold: Threshold | None, *, meet: bool, rng: random.Random
) -> str:
    """A plausible value as an officer types it, meeting (or failing) the threshold."""
    kind = indicator.value_type
    if kind == PASS_FAIL:
        return "Đạt" if meet else "Không đạt"
    if kind == CHOICE:
        allowed = threshold.value if threshold is not None else indicator.choices
        allowed_set = set(allowed if isinstance(allowed, tuple) else (allowed,))
        options = [c for c in indicator.choices if (c in allowed_set) == meet]
        return rng.choice(options or list(indicator.choices))
    if threshold is None or not isinstance(threshold.value, Decimal):
        return str(rng.randint(1, 90))
    target = threshold.value
    up = indicator.comparator in (">=", ">")
    direction = 1 if up == meet else -1
    delta = _step(threshold) * Decimal(rng.uniform(0.1, 1.0))
    if indicator.comparator in (">", "<") or not meet:
        delta += Decimal("0.1")
    value = target + direction * delta
    if kind == PERCENT:
        value = min(max(value, Decimal(0)), Decimal(100))
    if kind == COUNT:
        value = value.to_integral_value()
        if not meet and value == target:
            value += direction
        value = max(value, Decimal(0))
    return format(value.quantize(Decimal("0.1")), "f")


def computed(indicator: Indicator) -> bool:
    """Whether the platform computes the indicator (a derivation it has; the others, such as
    the share of civilised townships, are still entered)."""
    return bool(indicator.derived) and indicator.derived in DERIVATIONS


def unit_values(
    definition: SetDefinition, unit: AdministrativeUnit, year: int, *, meet: bool, seed: Any
) -> dict[str, str]:
    """Values for every indicator the unit enters (derived ones are computed by the platform);
    when not ``meet``, one to three criteria with entered indicators fail on all of them."""
    rng = random.Random(f"{seed}-{definition.code}-{year}-{unit.code}")
    facts = facts_of(unit)
    entered = [c for c in definition.criteria if any(not computed(i) for i in c.indicators)]
    failing: set[int] = set()
    if not meet:
        numbers = [c.number for c in entered if not any(computed(i) for i in c.indicators)]
        failing = set(rng.sample(numbers, k=min(len(numbers), rng.randint(1, 3))))
    values: dict[str, str] = {}
    for criterion in entered:
        for indicator in criterion.indicators:
            if computed(indicator) or (facts.is_ward and not indicator.applies_to_wards):
                continue
            threshold = indicator.threshold_for(
                region=facts.region, commune_group=facts.commune_group, year=year
            )
            values[indicator.code] = raw_value(
                indicator, threshold, meet=criterion.number not in failing, rng=rng
            )
    return values


def _advanced_from_dossiers() -> dict[str, int]:
    """Commune code -> the year of its first advanced dossier."""
    first: dict[str, int] = {}
    for row in read_csv("dossiers.csv"):
        if row["level"] == "advanced":
            year = int(row["year"])
            first[row["unit"]] = min(year, first.get(row["unit"], year))
    return first


def _units(kind: str, year: int, set_code: str) -> list[AdministrativeUnit]:
    on = as_of_for_year(year)
    units = AdministrativeUnit.objects.valid_on(on).select_related("parent")
    if kind == "districts":
        return list(units.filter(level=Level.DISTRICT, parent__code=OLD_PROVINCE).order_by("code"))
    if kind == "successor_communes":
        return list(
            units.filter(
                level=Level.COMMUNE, kind=Kind.COMMUNE, parent__code=NEW_PROVINCE
            ).order_by("code")
        )
    communes = list(
        units.filter(
            level=Level.COMMUNE, kind=Kind.COMMUNE, parent__parent__code=OLD_PROVINCE
        ).order_by("code")
    )
    if kind == "communes":
        return communes
    if kind == "advanced":
        spec = read_yaml("values.yaml")["sets"][set_code]
        also = {str(c) for c in spec.get("also", {}).get(year, [])}
        first = _advanced_from_dossiers()
        return [c for c in communes if first.get(c.code, 9999) <= year or c.code in also]
    raise DemoError(f"Unknown unit list {kind!r} in values.yaml.")


def plan(set_code: str, year: int) -> list[Entry]:
    spec = read_yaml("values.yaml")["sets"][set_code]
    not_met = {str(c) for c in spec.get("not_met", {}).get(year, [])}
    return [Entry(unit, unit.code not in not_met) for unit in _units(spec["units"], year, set_code)]


def schedule() -> list[tuple[dt.date, str, int]]:
    """(day, set, year) of every value entry, in the order of the days."""
    spec = read_yaml("values.yaml")["sets"]
    return sorted(
        (day(when), code, int(year))
        for code, entry in spec.items()
        for year, when in entry["entered"].items()
    )


def enter(set_code: str, year: int, when: dt.date, actors: Actors) -> list[Entry]:
    """Enter the planned values of ``set_code`` for ``year`` on ``when``; the engine checks."""
    spec = read_yaml("values.yaml")
    criteria_set, definition = definition_of(set_code)
    entries = plan(set_code, year)
    by_officer: dict[int, list[tuple[AdministrativeUnit, list[ValueRow]]]] = defaultdict(list)
    officers: dict[int, Any] = {}
    for entry in entries:
        raw = unit_values(definition, entry.unit, year, meet=entry.meets, seed=spec["seed"])
        rows = [ValueRow(code, text, spec["comment"]) for code, text in raw.items()]
        officer = actors.enterer(entry.unit)
        officers[officer.pk] = officer
        by_officer[officer.pk].append((entry.unit, rows))
    with at(when):
        for pk, batches in by_officer.items():
            summaries = data_value_sets_import(
                criteria_set=criteria_set, year=year, batches=batches, by=officers[pk]
            )
            problems = [
                f"{unit_code}: {c.indicator} {c.message}"
                for unit_code, summary in (
                    (next(u.code for u, _r in batches if u.pk == uid), s)
                    for uid, s in summaries.items()
                )
                for c in summary.conflicts
            ]
            if problems:
                raise DemoError(
                    f"The value service refused the {set_code} {year} values: "
                    + "; ".join(problems[:5])
                )
    check_with_engine(criteria_set, definition, year, entries)
    return entries


def check_with_engine(
    criteria_set: CriteriaSet, definition: SetDefinition, year: int, entries: Iterable[Entry]
) -> None:
    """Each unit meets every criterion it enters values for exactly when the plan says so
    (conditions the platform derives, such as a district's share of NTM communes, are
    checked by the workflow when a dossier is submitted)."""
    entries = list(entries)
    results = evaluate_units(
        criteria_set=criteria_set, year=year, units=[e.unit for e in entries], store=False
    )
    entered = {c.number for c in definition.criteria if not any(computed(i) for i in c.indicators)}
    wrong = []
    for entry in entries:
        result = results[entry.unit.pk]
        met = all(c.met for c in result.criteria if c.number in entered)
        if met != entry.meets:
            wrong.append(f"{entry.unit.name} ({entry.unit.code})")
    if wrong:
        raise DemoError(
            f"The engine does not find the planned {criteria_set.code} {year} outcome for: "
            + ", ".join(wrong)
        )
