"""The demo's 2023 officials and their attendance, drawn from ``data/officials.yaml`` (names from
``names.yaml``) exactly as the 2023 figures need them; ``officials`` records them through the
services."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import Attendance

from .datafiles import read_yaml
from .errors import DemoError

LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
ATTENDED, ABSENT = Attendance.ATTENDED, Attendance.ABSENT


@dataclass(frozen=True)
class Planned:
    unit: AdministrativeUnit
    full_name: str
    position: str
    identifier: str
    active: bool


@dataclass
class Attendances:
    """(event key, attendance) -> identifiers, first recorded wins (as an officer would not
    record one official twice)."""

    rows: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, event: str, identifier: str, attendance: str) -> None:
        self.rows.setdefault((event, identifier), attendance)

    def groups(self) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (event, identifier), attendance in self.rows.items():
            out[(event, attendance)].append(identifier)
        return out


def person_name(rng: random.Random, taken: set[str], names: dict[str, Any]) -> str:
    while True:
        if rng.random() < names["khmer_share"]:
            surname = rng.choice(names["khmer_surnames"])
            thi = "Thị " if rng.random() < names["khmer_thi_share"] else ""
            name = f"{surname} {thi}{rng.choice(names['khmer_given'])}"
        elif rng.random() < names["female_share"]:
            name = (
                f"{rng.choice(names['surnames'])} {rng.choice(names['female_middle'])} "
                f"{rng.choice(names['female_given'])}"
            )
        else:
            name = (
                f"{rng.choice(names['surnames'])} {rng.choice(names['male_middle'])} "
                f"{rng.choice(names['male_given'])}"
            )
        if name not in taken:
            taken.add(name)
            return name


def _positions(unit: AdministrativeUnit, spec: dict[str, Any]) -> list[str]:
    positions = spec["positions"]
    if unit.level == Level.PROVINCE:
        return list(positions["province"])
    template = positions["district" if unit.level == Level.DISTRICT else "commune"]
    word = spec["level_word"].get(unit.kind, "xã")
    return [p.format(level=word) for p in template]


def units_2023() -> list[AdministrativeUnit]:
    on = dt.date(2023, 6, 1)
    province = AdministrativeUnit.objects.valid_on(on).filter(code="84").first()
    if province is None:
        raise DemoError("Trà Vinh (84) is missing on 01/06/2023.")
    return list(
        AdministrativeUnit.objects.valid_on(on)
        .filter(level__in=LEVELS)
        .under(province.path)
        .select_related("parent")
        .order_by("path")
    )


def plan_2023(
    spec: dict[str, Any], rng: random.Random, units: list[AdministrativeUnit]
) -> list[Planned]:
    names = read_yaml("names.yaml")["officials"]
    every, at_index = spec["inactive_commune"]["every"], spec["inactive_commune"]["at"]
    planned: list[Planned] = []
    communes = 0
    for unit in units:
        taken: set[str] = set()
        positions = _positions(unit, spec)
        if unit.level == Level.DISTRICT:
            leaves = unit.code in spec["inactive_district"]
        else:
            leaves = unit.level == Level.COMMUNE and communes % every == at_index
        communes += unit.level == Level.COMMUNE
        for n, position in enumerate(positions, start=1):
            planned.append(
                Planned(
                    unit=unit,
                    full_name=person_name(rng, taken, names),
                    position=position,
                    identifier=f"{spec['identifier_prefix']}-{unit.code}-{n:02d}",
                    active=not (leaves and n == len(positions)),
                )
            )
    return planned


def _split(
    staff: list[Planned], trained: int, rng: random.Random
) -> tuple[list[Planned], list[Planned]]:
    """(trained, others): ``trained`` active officials chosen at random, the rest."""
    active = [o for o in staff if o.active]
    chosen = {o.identifier for o in rng.sample(active, min(trained, len(active)))}
    return [o for o in staff if o.identifier in chosen], [
        o for o in staff if o.identifier not in chosen
    ]


def attendance_2023(
    spec: dict[str, Any],
    rng: random.Random,
    units: list[AdministrativeUnit],
    staff: dict[str, list[Planned]],
) -> Attendances:
    """Who attended (or missed) which 2023 event, by the rules of ``attendance`` in the data."""
    plan = Attendances()
    rules = spec["attendance"]
    for unit in units:
        if unit.level == Level.PROVINCE:
            _province(plan, staff[unit.code], spec["province_trained"], rules["province"], rng)
        elif unit.level == Level.DISTRICT:
            trained = spec["district_trained"].get(unit.code, rules["district"]["default_trained"])
            _district(plan, staff[unit.code], trained, rules["district"], rng)
    _communes(plan, spec, [u for u in units if u.level == Level.COMMUNE], staff, rng)
    return plan


def _province(
    plan: Attendances, people: list[Planned], count: int, rule: dict[str, Any], rng: random.Random
) -> None:
    trained, others = _split(people, count, rng)
    for n, official in enumerate(trained):
        event = rule["launch"] if n < rule["launch_count"] else rule["workshop"]
        plan.add(event, official.identifier, ATTENDED)
    plan.add(rule["workshop"], trained[0].identifier, ATTENDED)
    for official in others[: rule["absent_count"]]:
        plan.add(rule["launch"], official.identifier, ABSENT)
    for official in people:
        plan.add(rule["review"], official.identifier, ATTENDED)


def _district(
    plan: Attendances, people: list[Planned], count: int, rule: dict[str, Any], rng: random.Random
) -> None:
    trained, others = _split(people, count, rng)
    for n, official in enumerate(trained):
        plan.add(rule["course"] if n else rule["launch"], official.identifier, ATTENDED)
    for official in others:
        if not official.active:
            # Left the programme after the course: attended, but no longer counted.
            plan.add(rule["course"], official.identifier, ATTENDED)
        elif rng.random() < rule["absent_share"]:
            plan.add(rule["course"], official.identifier, ABSENT)
    for official in people[: rule["review_count"]]:
        plan.add(rule["review"], official.identifier, ATTENDED)


def _communes(
    plan: Attendances,
    spec: dict[str, Any],
    communes: list[AdministrativeUnit],
    staff: dict[str, list[Planned]],
    rng: random.Random,
) -> None:
    rule = spec["attendance"]["commune"]
    counts = [n for n, times in sorted(spec["commune_trained"].items()) for _ in range(times)]
    rng.shuffle(counts)
    non_dt = spec["non_dt_district"]
    for n, unit in enumerate(communes):
        assert unit.parent is not None
        people = staff[unit.code]
        trained, others = _split(people, counts[n % len(counts)], rng)
        main = spec["district_event"].get(unit.parent.code, rule["online_event"])
        for official in trained:
            plan.add(main, official.identifier, ATTENDED)
        for official in others:
            if official.active and rng.random() < rule["absent_share"]:
                plan.add(main, official.identifier, ABSENT)
        own = spec["commune_event"].get(unit.code)
        if own is not None:
            for official in people:
                if official.active:
                    plan.add(own, official.identifier, ATTENDED if official in trained else ABSENT)
        if unit.parent.code == non_dt["district"]:
            plan.add(non_dt["event"], people[non_dt["position"] - 1].identifier, ATTENDED)
