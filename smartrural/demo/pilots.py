"""Demo smart commune and smart hamlet pilots of 2023 (``data/pilots.yaml``).

Candidates are proposed by their commune's (or district's) officer (``candidate_propose``),
scored and decided by the province office (``candidate_scores_set``, ``candidate_decide``);
selected pilots get a plan and milestones (``pilot_plan_save``, ``pilot_milestone_create``),
whose progress is reported on the day each was done and at the end of 2023
(``pilot_milestone_update``); the hamlets of Ngãi Xuyên and Kim Sơn are assessed against the
smart-hamlet checklist by their commune's officer (``hamlet_assess``).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from smartrural.accounts.actor import Actor
from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import (
    CandidateStatus,
    PilotCandidate,
    PilotMilestone,
    ScoringCriterion,
    SmartHamletItem,
)
from smartrural.transformation.pilots.selectors import reference_date
from smartrural.transformation.pilots.services import (
    Answer,
    ScoreInput,
    candidate_decide,
    candidate_propose,
    candidate_scores_set,
    hamlet_assess,
    load_defaults,
    pilot_milestone_create,
    pilot_milestone_update,
    pilot_plan_save,
)

from .accounts import Actors
from .clock import at
from .datafiles import day
from .errors import DemoError
from .story import Event, Story


class PilotsStory(Story):
    data_file = "pilots.yaml"

    def story(self) -> list[Event]:
        spec = self.spec
        return [
            (dt.date(2022, 1, 1), "pilot scoring sheets", self._defaults),
            (day(spec["proposed_on"]), "pilot candidates", self._candidates),
            (day(spec["assessments"]["assessed_on"]), "smart-hamlet assessments", self._assess),
            (day(spec["progress_reported_on"]), "pilot progress", self._progress),
        ]

    def _defaults(self) -> None:
        with at(dt.date(2022, 1, 1)):
            load_defaults(by=self.actors.office)

    def _unit(self, code: str) -> AdministrativeUnit:
        on = reference_date(int(self.spec["year"]))
        unit = (
            AdministrativeUnit.objects.valid_on(on)
            .filter(code=code)
            .select_related("parent__parent")
            .first()
        )
        if unit is None:
            raise DemoError(f"The pilot unit {code} is missing on {on}.")
        return unit

    def _proposer(self, unit: AdministrativeUnit) -> User:
        commune = unit if unit.level == Level.COMMUNE else unit.parent
        assert commune is not None
        return self.actors.enterer(commune)

    def _candidates(self) -> None:
        spec, office = self.spec, self.actors.office
        criteria = list(ScoringCriterion.objects.filter(active=True))
        for entry in spec["candidates"]:
            unit = self._unit(entry["code"])
            proposer = self._proposer(unit)
            with at(day(spec["proposed_on"])):
                candidate = candidate_propose(
                    unit_code=unit.code,
                    kind=entry["kind"],
                    year=spec["year"],
                    field=entry["field"],
                    description=entry["description"],
                    by=proposer,
                )
            rng = random.Random(f"{spec['seed']}-{entry['code']}-{entry['kind']}")
            low, high = entry["share"]
            scores = {
                c.pk: ScoreInput(min(c.max_score, round(c.max_score * rng.uniform(low, high))))
                for c in criteria
                if c.kind == entry["kind"]
            }
            with at(day(spec["scored_on"])):
                candidate_scores_set(candidate=candidate, scores=scores, by=office)
            if entry["status"] != CandidateStatus.PROPOSED:
                with at(day(spec["decided_on"])):
                    candidate_decide(
                        candidate=candidate,
                        selected=entry["status"] == CandidateStatus.SELECTED,
                        decision=spec["decision"],
                        by=office,
                    )
            plan = spec["plans"].get(entry["code"])
            if plan is not None and entry["status"] == CandidateStatus.SELECTED:
                self._plan(candidate, plan, proposer)

    def _plan(self, candidate: PilotCandidate, spec: dict[str, Any], by: Actor) -> None:
        with at(day(spec["made_on"])):
            plan = pilot_plan_save(
                candidate=candidate,
                goal=spec["goal"],
                start=day(spec["start"]),
                end=day(spec["end"]),
                by=by,
            )
            for milestone in spec["milestones"]:
                pilot_milestone_create(
                    plan=plan, title=milestone["title"], due=day(milestone["due"]), by=by
                )

    def _update(self, milestone: PilotMilestone, entry: dict[str, Any], by: Actor) -> None:
        pilot_milestone_update(
            milestone=milestone,
            title=milestone.title,
            due=milestone.due,
            progress=entry["progress"],
            done_on=day(entry["done_on"]) if entry.get("done_on") else None,
            note=entry.get("note", ""),
            by=by,
        )

    def _progress(self) -> None:
        """Each milestone done on its day, the others' progress as reported at year end."""
        reported = day(self.spec["progress_reported_on"])
        for code, plan in self.spec["plans"].items():
            candidate = PilotCandidate.objects.select_related("unit__parent").get(
                unit=self._unit(code), year=self.spec["year"]
            )
            by = self._proposer(candidate.unit)
            for entry in plan["milestones"]:
                milestone = PilotMilestone.objects.get(
                    plan__candidate=candidate, title=entry["title"]
                )
                when = day(entry["done_on"]) if entry.get("done_on") else reported
                with at(min(when, reported), hour=16):
                    self._update(milestone, entry, by)

    def _assess(self) -> None:
        spec = self.spec["assessments"]
        year = int(self.spec["year"])
        items = list(SmartHamletItem.objects.filter(active=True))
        hamlets = list(
            AdministrativeUnit.objects.valid_on(reference_date(year))
            .filter(
                level=Level.HAMLET, parent__code__in=spec["communes"], parent__level=Level.COMMUNE
            )
            .select_related("parent")
            .order_by("code")
        )
        smart = set(spec["smart"])
        with at(day(spec["assessed_on"])):
            for hamlet in hamlets:
                rng = random.Random(f"{self.spec['seed']}-{hamlet.code}")
                met = [hamlet.code in smart or rng.random() < spec["met_share"] for _item in items]
                if hamlet.code not in smart and all(met):
                    met[rng.randrange(len(items))] = (
                        False  # only the chosen hamlets meet everything
                    )
                answers = {
                    item.pk: Answer(ok, "" if ok else rng.choice(spec["missing_comments"]))
                    for item, ok in zip(items, met, strict=True)
                }
                hamlet_assess(
                    hamlet=hamlet, year=year, answers=answers, by=self.actors.enterer(hamlet)
                )


def events(actors: Actors) -> list[Event]:
    return PilotsStory(actors).story()
