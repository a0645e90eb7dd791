"""Demo community technology teams (``data/teams.yaml``, names in ``names.yaml``).

Each team is set up by its commune's officer (``team_create``) on the day it was founded, its
members added (``member_add``; members who left: ``member_set_active``) and each activity
recorded on its day (``activity_record``); a team that stopped is deactivated from its last day
(``team_set_active``). The 2023 teams are drawn exactly as the 2023 coverage needs them; on
01/07/2025 each team still at work is set up again under its hamlet's successor (same name and
members) and the old one stops on 30/06/2025.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartrural.geo.models import AdministrativeUnit, Level, Succession
from smartrural.transformation.models import CommunityTechTeam, TeamMember
from smartrural.transformation.teams.services import (
    activity_record,
    member_add,
    member_set_active,
    team_create,
    team_set_active,
)

from .accounts import Actors
from .clock import at
from .datafiles import day, read_yaml
from .story import Event, Story, random_day, units_of

ON_2023 = dt.date(2023, 7, 1)
YEAR_START, YEAR_END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)


@dataclass
class PlannedMember:
    full_name: str
    role: str
    phone: str
    active: bool


@dataclass
class PlannedActivity:
    date: dt.date
    kind: str
    households: int
    note: str


@dataclass
class PlannedTeam:
    hamlet: AdministrativeUnit
    name: str
    established: dt.date
    active: bool
    inactive_since: dt.date | None
    members: list[PlannedMember] = field(default_factory=list)
    activities: list[PlannedActivity] = field(default_factory=list)


def _demo_hamlets(on: dt.date, province: str) -> list[AdministrativeUnit]:
    return list(units_of(province, on, level=Level.HAMLET, is_demo=True).select_related("parent"))


def _chosen(hamlets: list[AdministrativeUnit], spec: dict[str, Any]) -> list[AdministrativeUnit]:
    """The hamlets that get a team: each with its own draw, plus the first hamlet of every
    commune listed in ``always``."""
    forced: dict[str, str] = {}
    for hamlet in hamlets:
        commune = hamlet.parent.code if hamlet.parent else ""
        if commune in spec["always"]:
            forced.setdefault(commune, hamlet.code)
    keep = set(forced.values())
    seed = spec["seed"]
    return [
        h
        for h in hamlets
        if h.code in keep
        or random.Random(f"{seed}-team-{h.code}").random() < spec["share_with_team"]
    ]


def _kinds(spec: dict[str, Any]) -> tuple[list[str], list[int], dict[str, str]]:
    kinds = spec["kinds"]
    return (
        list(kinds),
        [k["weight"] for k in kinds.values()],
        {n: k["note"] for n, k in kinds.items()},
    )


def _members(rng: random.Random, spec: dict[str, Any]) -> list[PlannedMember]:
    names = read_yaml("names.yaml")["team_members"]
    members_spec = spec["members"]
    roles = members_spec["roles"]
    out = []
    for number in range(rng.randint(members_spec["min"], members_spec["max"])):
        name = " ".join(
            (rng.choice(names["family"]), rng.choice(names["middle"]), rng.choice(names["given"]))
        )
        out.append(
            PlannedMember(
                full_name=name,
                role=roles[number] if number < len(roles) else members_spec["member_role"],
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                active=number == 0 or rng.random() > members_spec["inactive_share"],
            )
        )
    return out


def _activities(
    team: PlannedTeam,
    rng: random.Random,
    spec: dict[str, Any],
    start: dt.date,
    end: dt.date,
    count: int,
) -> list[PlannedActivity]:
    kinds, weights, notes = _kinds(spec)
    out = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        out.append(
            PlannedActivity(
                date=random_day(rng, start, end),
                kind=kind,
                households=rng.randint(*spec["households"]),
                note=notes[kind] if rng.random() < spec["note_share"] else "",
            )
        )
    return out


def plan_2023(spec: dict[str, Any]) -> list[PlannedTeam]:
    hamlets = _chosen(_demo_hamlets(ON_2023, "84"), spec)
    founded = spec["founded"]
    inactive_since = day(spec["inactive_since"])
    teams = []
    for hamlet in hamlets:
        rng = random.Random(f"{spec['seed']}-team-detail-{hamlet.code}")
        established = random_day(rng, day(founded["first"]), day(founded["last"]))
        active = rng.random() >= spec["share_inactive"]
        team = PlannedTeam(
            hamlet=hamlet,
            name=spec["team_name"].format(hamlet=hamlet.name),
            established=established,
            active=active,
            inactive_since=None if active else max(established, inactive_since),
        )
        team.members = _members(rng, spec)
        start = max(established, YEAR_START)
        # An inactive team stopped during the spring; the others worked all year.
        end = max(start, dt.date(2023, rng.randint(3, 5), 28)) if not active else YEAR_END
        low, high = spec["activities_2023"]["active" if active else "inactive"]
        team.activities = _activities(team, rng, spec, start, end, rng.randint(low, high))
        teams.append(team)
    return teams


def _half_years(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    year = first.year
    while dt.date(year, 1, 1) <= last:
        for start, end in (
            (dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ):
            start, end = max(start, first), min(end, last)
            if start <= end:
                out.append((start, end))
        year += 1
    return out


class TeamsStory(Story):
    data_file = "teams.yaml"

    def story(self) -> list[Event]:
        spec = self.spec
        later = spec["later"]
        old_stop, carried_on = day(later["old_stop"]), day(later["carried_on"])
        out: list[Event] = []
        for team in plan_2023(spec):
            rng = random.Random(f"{later['seed']}-{team.hamlet.code}")
            if team.active:
                for start, end in _half_years(dt.date(2024, 1, 1), old_stop):
                    team.activities += _activities(
                        team, rng, spec, start, end, rng.randint(*later["activities_per_half_year"])
                    )
            out.append((team.established, f"team {team.hamlet.code}", self._runner(team)))
            if team.active:
                out.append(
                    (carried_on, f"team {team.hamlet.code} carried", self._carrier(team, rng))
                )
        out.append((day(later["new_founded"]["first"]), "new teams of 2026", self._new_teams))
        return out

    def _runner(self, team: PlannedTeam) -> Callable[[], None]:
        def run() -> None:
            self._build(team)

        return run

    def _build(self, team: PlannedTeam) -> CommunityTechTeam:
        """Set the team up, add its members, record its activities, stop it if it stopped."""
        by = self.actors.enterer(team.hamlet)
        with at(team.established):
            stored = team_create(
                unit_code=team.hamlet.code, name=team.name, established=team.established, by=by
            )
            for member in team.members:
                added = member_add(
                    team=stored,
                    full_name=member.full_name,
                    role=member.role,
                    phone=member.phone,
                    by=by,
                )
                if not member.active:
                    member_set_active(member=added, active=False, by=by)
        for activity in sorted(team.activities, key=lambda a: a.date):
            with at(activity.date, hour=16):
                activity_record(
                    team=stored,
                    date=activity.date,
                    kind=activity.kind,
                    households=activity.households,
                    note=activity.note,
                    by=by,
                )
        if team.inactive_since is not None:
            with at(team.inactive_since):
                team_set_active(team=stored, active=False, on=team.inactive_since, by=by)
        return stored

    def _carrier(self, team: PlannedTeam, rng: random.Random) -> Callable[[], None]:
        def run() -> None:
            later = self.spec["later"]
            old_stop, carried_on = day(later["old_stop"]), day(later["carried_on"])
            old = CommunityTechTeam.objects.get(unit=team.hamlet, name=team.name)
            link = (
                Succession.objects.filter(predecessor=team.hamlet, effective_date=carried_on)
                .select_related("successor__parent")
                .first()
            )
            with at(carried_on):
                team_set_active(
                    team=old, active=False, on=old_stop, by=self.actors.enterer(team.hamlet)
                )
            if link is None:
                return
            hamlet = link.successor
            members = [
                PlannedMember(m.full_name, m.role, m.phone, True)
                for m in TeamMember.objects.filter(team=old, active=True).order_by("pk")
            ]
            new = PlannedTeam(
                hamlet=hamlet,
                name=self.spec["team_name"].format(hamlet=hamlet.name),
                established=carried_on,
                active=True,
                inactive_since=None,
                members=members,
            )
            for start, end in _half_years(carried_on, day(later["last_day"])):
                new.activities += _activities(
                    new, rng, self.spec, start, end, rng.randint(*later["activities_per_half_year"])
                )
            self._build(new)

        return run

    def _new_teams(self) -> None:
        later = self.spec["later"]
        carried_on = day(later["carried_on"])
        hamlets = _demo_hamlets(carried_on, "86")
        with_team = set(
            CommunityTechTeam.objects.filter(unit__in=hamlets).values_list("unit_id", flat=True)
        )
        for hamlet in hamlets:
            if hamlet.pk in with_team:
                continue
            rng = random.Random(f"{later['seed']}-new-{hamlet.code}")
            if rng.random() >= later["new_in_2026"]:
                continue
            founded = random_day(
                rng, day(later["new_founded"]["first"]), day(later["new_founded"]["last"])
            )
            team = PlannedTeam(
                hamlet=hamlet,
                name=self.spec["team_name"].format(hamlet=hamlet.name),
                established=founded,
                active=True,
                inactive_since=None,
            )
            team.members = _members(rng, self.spec)
            for start, end in _half_years(founded, day(later["last_day"])):
                team.activities += _activities(
                    team,
                    rng,
                    self.spec,
                    start,
                    end,
                    rng.randint(*later["activities_per_half_year"]),
                )
            self._build(team)


def events(actors: Actors) -> list[Event]:
    return TeamsStory(actors).story()
