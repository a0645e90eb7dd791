"""Demo essential digital services offered by units (``data/digital_services.yaml``).

The standard catalogue is loaded by ``load_catalogue``; each offering is recorded by an officer
of the unit's district or commune on the day it started (``offering_create``) and, when it
stopped, ended on its last day (``offering_end``). The 2023 offerings are drawn exactly as the
2023 figures need them; on 01/07/2025 the offerings of the dissolved units end on 30/06/2025 and
each successor commune offers again the services of its predecessors.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from smartrural.geo.models import AdministrativeUnit, Kind, Level, Succession
from smartrural.transformation.digital_services.services import (
    load_catalogue,
    offering_create,
    offering_end,
)
from smartrural.transformation.models import DigitalService, ServiceOffering

from .accounts import Actors
from .clock import at
from .datafiles import day
from .story import Event, Story, random_day, units_of

END_2023 = dt.date(2023, 12, 31)


@dataclass(frozen=True)
class PlannedOffering:
    unit: AdministrativeUnit
    service: DigitalService
    since: dt.date
    until: dt.date | None
    note: str


def _units(level: str, on: dt.date, province: str) -> list[AdministrativeUnit]:
    return list(units_of(province, on, level=level))


def _services() -> list[DigitalService]:
    return list(DigitalService.objects.filter(active=True).order_by("order", "code"))


def plan_2023(spec: dict[str, Any], services: list[DigitalService]) -> list[PlannedOffering]:
    """``open`` counts on 31/12/2023, ``ended`` stopped during 2023, ``later`` started in 2024."""
    districts = [u for u in _units(Level.DISTRICT, END_2023, "84") if u.code in spec["districts"]]
    communes = _units(Level.COMMUNE, END_2023, "84")
    chosen = [c for c in communes if c.code in spec["always"]]
    others = [c for c in communes if c.code not in spec["always"]]
    wanted, ended, later = spec["communes_offering"], spec["ended_in_2023"], spec["started_in_2024"]
    picked = random.Random(spec["seed"]).sample(others, wanted - len(chosen) + ended + later)
    open_count = wanted - len(chosen)
    periods = [(u, "open") for u in districts]
    periods += [(u, "open") for u in chosen + picked[:open_count]]
    periods += [(u, "ended") for u in picked[open_count : open_count + ended]]
    periods += [(u, "later") for u in picked[open_count + ended :]]
    out = []
    for unit, period in periods:
        rng = random.Random(f"{spec['seed']}-offering-{unit.code}")
        low, high = spec["per_unit"]["district" if unit.level == Level.DISTRICT else "commune"]
        for service in rng.sample(services, rng.randint(low, high)):
            until = None
            if period == "later":
                since = random_day(
                    rng, day(spec["later_since"]["first"]), day(spec["later_since"]["last"])
                )
            elif period == "ended":
                since = random_day(
                    rng, day(spec["ended_since"]["first"]), day(spec["ended_since"]["last"])
                )
                until = random_day(
                    rng, day(spec["ended_until"]["first"]), day(spec["ended_until"]["last"])
                )
            else:
                since = random_day(rng, day(spec["since"]["first"]), day(spec["since"]["last"]))
            out.append(PlannedOffering(unit, service, since, until, rng.choice(spec["notes"])))
    return out


class ServicesStory(Story):
    data_file = "digital_services.yaml"

    def story(self) -> list[Event]:
        out: list[Event] = [(dt.date(2022, 1, 1), "service catalogue", self._catalogue)]
        out.append((dt.date(2022, 1, 1), "offerings 2023", self._plan_2023))
        successors = self.spec["successors"]
        out.append((day(successors["since"]), "offerings carried", self._carry))
        out.append((day(successors["new_since"]["first"]), "offerings of 2026", self._new_2026))
        return out

    def _catalogue(self) -> None:
        with at(dt.date(2022, 1, 1)):
            load_catalogue(by=self.actors.office)

    def _record(self, offering: PlannedOffering) -> None:
        by = self.actors.enterer(offering.unit)
        with at(offering.since):
            stored = offering_create(
                unit_code=offering.unit.code,
                service=offering.service,
                since=offering.since,
                note=offering.note,
                by=by,
            )
        if offering.until is not None:
            with at(offering.until, hour=17):
                offering_end(offering=stored, until=offering.until, by=by)

    def _plan_2023(self) -> None:
        # One draw for the whole plan; each offering recorded on its own day.
        for offering in sorted(plan_2023(self.spec, _services()), key=lambda o: o.since):
            self._record(offering)

    def _carry(self) -> None:
        spec = self.spec["successors"]
        old_until, since = day(spec["old_until"]), day(spec["since"])
        still = list(
            ServiceOffering.objects.filter(until__isnull=True, unit__valid_to=old_until)
            .select_related("unit__parent", "service")
            .order_by("unit__code", "service__order", "service__code")
        )
        successor = dict(
            Succession.objects.filter(effective_date=since, predecessor__in={o.unit for o in still})
            .exclude(successor__level=Level.PROVINCE)
            .values_list("predecessor_id", "successor_id")
        )
        carried: dict[int, list[DigitalService]] = defaultdict(list)
        with at(since):
            for offering in still:
                offering_end(
                    offering=offering, until=old_until, by=self.actors.enterer(offering.unit)
                )
                new = successor.get(offering.unit_id)
                if new is not None and offering.service not in carried[new]:
                    carried[new].append(offering.service)
        units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=carried)}
        for pk, services in sorted(carried.items(), key=lambda item: units[item[0]].code):
            for service in services:
                self._record(PlannedOffering(units[pk], service, since, None, spec["note"]))

    def _new_2026(self) -> None:
        spec = self.spec["successors"]
        since = day(spec["since"])
        communes = [
            u
            for u in _units(Level.COMMUNE, since, "86")
            if u.kind in (Kind.COMMUNE, Kind.WARD)
            and not ServiceOffering.objects.filter(unit=u).exists()
        ]
        rng = random.Random(f"{self.spec['seed']}-2026")
        services = _services()
        for unit in rng.sample(communes, min(spec["new_in_2026"], len(communes))):
            for service in rng.sample(services, rng.randint(1, 2)):
                start = random_day(
                    rng, day(spec["new_since"]["first"]), day(spec["new_since"]["last"])
                )
                self._record(
                    PlannedOffering(unit, service, start, None, rng.choice(self.spec["notes"]))
                )


def events(actors: Actors) -> list[Event]:
    return ServicesStory(actors).story()
