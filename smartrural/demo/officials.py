"""Demo programme officials and trainings (``data/officials.yaml``, names in ``names.yaml``).

Officials are imported by the province office (``officials_import``); officials who left are
deactivated (``official_set_active``); each event is recorded by an officer of its organising
unit (``training_create``) and its participants added on its last day (``participants_add``).
The 2023 officials and attendance are drawn exactly as the 2023 figures need them
(``officials_2023``); from 01/07/2025 the successor units get officials of their own, carried
from their predecessors' officials (new records: the same people under the new unit).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from smartrural.geo.models import AdministrativeUnit, Level, Succession
from smartrural.transformation.models import Attendance, Official, TrainingEvent
from smartrural.transformation.officials.services import (
    OfficialRow,
    official_set_active,
    officials_import,
    participants_add,
    training_create,
)

from .accounts import Actors
from .clock import at
from .datafiles import day, read_yaml
from .errors import DemoError
from .officials_2023 import LEVELS, Planned, attendance_2023, person_name, plan_2023, units_2023
from .story import Event, Story


def _event_fields(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": entry["kind"],
        "title": entry["title"],
        "date": day(entry["date"]),
        "end_date": day(entry["end_date"]) if entry.get("end_date") else None,
        "topic": entry.get("topic", ""),
        "digital_transformation": entry.get("digital", True),
        "place": entry.get("place", ""),
        "organiser": entry.get("organiser", ""),
        "format": entry.get("format", "in_person"),
        "residents": entry.get("residents", 0),
    }


def _unit_on(code: str, on: dt.date) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.valid_on(on).filter(code=code, level__in=LEVELS).first()
    if unit is None:
        raise DemoError(f"No unit {code} on {on}.")
    return unit


class OfficialsStory(Story):
    """Builds the events of the officials' story; the officials are read back by identifier."""

    data_file = "officials.yaml"

    def __init__(self, actors: Actors) -> None:
        super().__init__(actors)
        self.events: dict[str, TrainingEvent] = {}

    def official(self, identifier: str) -> Official:
        return Official.objects.get(identifier=identifier)

    def story(self) -> list[Event]:
        spec = self.spec
        rng = random.Random(spec["seed"])
        units = units_2023()
        planned = plan_2023(spec, rng, units)
        staff: dict[str, list[Planned]] = defaultdict(list)
        for official in planned:
            staff[official.unit.code].append(official)
        attendance = attendance_2023(spec, rng, units, staff)
        imported = day(spec["imported_on"])
        out: list[Event] = [(imported, "officials 2023", lambda: self._import(planned, imported))]
        groups = attendance.groups()
        for entry in spec["events_2023"]:
            fields = _event_fields(entry)
            key = entry["key"]
            out.append(
                (fields["date"], f"training {key}", self._creator(key, entry["unit"], fields))
            )
            last = fields["end_date"] or fields["date"]
            wanted = {a: ids for (k, a), ids in groups.items() if k == key}
            out.append((last, f"attendance {key}", self._recorder(key, wanted, last)))
        left = [o.identifier for o in planned if not o.active]
        leaving = day(spec["left_on"])
        out.append((leaving, "officials who left", lambda: self._deactivate(left, leaving)))
        out.extend(self._successors())
        out.extend(self._later_events())
        return out

    def _import(self, planned: list[Planned], when: dt.date) -> None:
        rows = [
            OfficialRow(
                row=n,
                unit=o.unit.code,
                full_name=o.full_name,
                position=o.position,
                identifier=o.identifier,
            )
            for n, o in enumerate(planned, start=1)
        ]
        with at(when):
            result = officials_import(rows=rows, as_of=when, by=self.actors.office)
        if not result.ok:
            raise DemoError(f"The officials import refused rows: {result.errors[:3]}")

    def _creator(self, key: str, code: str, fields: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            unit = _unit_on(code, fields["date"])
            with at(fields["date"] - dt.timedelta(days=14)):
                self.events[key] = training_create(
                    unit=unit, by=self.actors.enterer(unit), **fields
                )

        return run

    def _recorder(
        self, key: str, wanted: dict[str, list[str]], when: dt.date
    ) -> Callable[[], None]:
        def run() -> None:
            event = self.events[key]
            by = self.actors.enterer(event.unit)
            with at(when, hour=17):
                for attendance, identifiers in sorted(wanted.items()):
                    officials = list(Official.objects.filter(identifier__in=identifiers))
                    if len(officials) != len(set(identifiers)):
                        raise DemoError(f"Officials missing for the training {key}.")
                    participants_add(event=event, officials=officials, attendance=attendance, by=by)

        return run

    def _deactivate(self, identifiers: list[str], when: dt.date) -> None:
        with at(when):
            for official in Official.objects.filter(identifier__in=identifiers):
                official_set_active(official=official, active=False, by=self.actors.office)

    # From 01/07/2025 ----------------------------------------------------------------------

    def _successors(self) -> list[Event]:
        spec = self.spec["successors"]
        on = day(spec["since"])

        def run() -> None:
            rows = self._successor_rows(spec, on)
            with at(on + dt.timedelta(days=14)):
                result = officials_import(rows=rows, as_of=on, by=self.actors.office)
            if not result.ok:
                raise DemoError(f"The successor officials import refused rows: {result.errors[:3]}")

        return [(on + dt.timedelta(days=14), "officials of the successor units", run)]

    def _successor_rows(self, spec: dict[str, Any], on: dt.date) -> list[OfficialRow]:
        names = read_yaml("names.yaml")["officials"]
        words = self.spec["level_word"]
        rng = random.Random(f"{self.spec['seed']}-successors")
        new_units = list(
            AdministrativeUnit.objects.valid_on(on)
            .filter(level__in=(Level.PROVINCE, Level.COMMUNE), code__in=self._successor_codes(on))
            .order_by("path")
        )
        links = Succession.objects.filter(effective_date=on, successor__in=new_units).order_by(
            "predecessor__code"
        )
        sources: dict[int, list[int]] = defaultdict(list)
        for link in links:
            sources[link.successor_id].append(link.predecessor_id)
        people = defaultdict(list)
        for official in Official.objects.filter(active=True).order_by("unit__code", "identifier"):
            people[official.unit_id].append(official.full_name)
        rows: list[OfficialRow] = []
        for unit in new_units:
            if unit.level == Level.PROVINCE:
                positions = list(spec["province_positions"])
            else:
                word = words.get(unit.kind, "xã")
                positions = [p.format(level=word) for p in spec["commune_positions"]]
            carried = [name for pk in sources[unit.pk] for name in people[pk]]
            taken: set[str] = set()
            for n, position in enumerate(positions, start=1):
                name = next((c for c in carried if c not in taken), None)
                if name is None:
                    name = person_name(rng, taken, names)
                taken.add(name)
                rows.append(
                    OfficialRow(
                        row=len(rows) + 1,
                        unit=unit.code,
                        full_name=name,
                        position=position,
                        identifier=f"{spec['identifier_prefix']}-{unit.code}-{n:02d}",
                    )
                )
        return rows

    def _successor_codes(self, on: dt.date) -> list[str]:
        return list(
            Succession.objects.filter(effective_date=on, predecessor__level__in=LEVELS)
            .exclude(successor__level=Level.HAMLET)
            .values_list("successor__code", flat=True)
        )

    def _later_events(self) -> list[Event]:
        out: list[Event] = []
        for n, entry in enumerate(self.spec["later_events"]):
            fields = _event_fields(entry)
            key = f"later-{n}"
            out.append(
                (fields["date"], f"training {key}", self._creator(key, entry["unit"], fields))
            )
            last = fields["end_date"] or fields["date"]
            out.append((last, f"attendance {key}", self._later_recorder(key, entry, last)))
        return out

    def _later_recorder(self, key: str, entry: dict[str, Any], when: dt.date) -> Callable[[], None]:
        def run() -> None:
            event = self.events[key]
            rng = random.Random(f"{self.spec['seed']}-{key}")
            eligible = (
                Official.objects.filter(active=True, unit__path__startswith=event.unit.path)
                .select_related("unit")
                .order_by("unit__path", "identifier")
            )
            wanted: dict[str, list[Official]] = defaultdict(list)
            shares = entry.get("attend", {})
            for official in eligible:
                if not official.unit.is_valid_on(event.date):
                    continue
                share = float(shares.get(official.unit.level, 0))
                draw = rng.random()
                if draw < share:
                    wanted[Attendance.ATTENDED].append(official)
                elif draw < share + (1 - share) * float(entry.get("absent", 0)):
                    wanted[Attendance.ABSENT].append(official)
            by = self.actors.enterer(event.unit)
            with at(when, hour=17):
                for attendance, officials in sorted(wanted.items()):
                    participants_add(event=event, officials=officials, attendance=attendance, by=by)

        return run


def events(actors: Actors) -> list[Event]:
    return OfficialsStory(actors).story()
