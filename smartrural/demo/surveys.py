"""Demo residents' satisfaction surveys of 2023 and a public consultation (``data/surveys.yaml``),
carried out through the services as the commune's officers and the MTTQ would.

For each survey, on its days: the officer enters the households of the commune's hamlets
(``household_create``: numbers, heads' names drawn from ``names.yaml`` with a seeded generator,
addresses); creates the survey (``survey_create``, the seed of its sample set with
``survey_update``), its form (``survey_form_replace``: one satisfaction question per criterion of
QĐ 318's commune set and a comment), draws the sample (``sample_draw``) and opens it
(``survey_open``); answers come in on the days of the period (``response_record``: on the web
with the household's code, door to door with each phone's idempotency key, some sent twice,
and paper sheets entered by the officer); the survey is closed (``survey_close``) before the
commune submits its dossier. Which households answer, and how, is planned when the sample is
drawn, so every content's share of satisfied households is the one of the data file (rounded
to whole households).

The consultation on Ngãi Xuyên's published self-assessment is opened by its officer
(``consultation_create``) the day the dossier is self-assessed; residents send opinions
(``opinion_submit``), the officer publishes, answers or rejects them (``opinion_publish``,
``opinion_answer``, ``opinion_reject``).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartrural.criteria.selectors import criteria_set_by_code, current_definition
from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.recognition.models import Dossier
from smartrural.surveys.models import Channel, Consultation, Opinion, SampleMember, Survey
from smartrural.surveys.services.consultations import (
    consultation_create,
    opinion_answer,
    opinion_publish,
    opinion_reject,
    opinion_submit,
)
from smartrural.surveys.services.households import household_create
from smartrural.surveys.services.responses import member_by_code, response_record
from smartrural.surveys.services.sampling import sample_draw
from smartrural.surveys.services.surveys import (
    survey_close,
    survey_create,
    survey_form_replace,
    survey_open,
    survey_update,
)
from smartrural.surveys.specs import QuestionSpec, scale_choices

from .accounts import Actors
from .clock import at, moment
from .datafiles import day, read_yaml
from .errors import DemoError
from .story import Event, Story

COMMENT_QUESTION = "y_kien"


def question_name(content: int) -> str:
    return f"tc{content:02d}"


@dataclass
class Planned:
    """One household's answer: its day, how it comes and what it says."""

    day: dt.date
    member_id: int
    channel: str
    answers: dict[str, str]
    replay: bool = False  # a door-to-door answer the phone sends twice


@dataclass
class Running:
    survey_id: int
    plan: dict[dt.date, list[Planned]] = field(default_factory=dict)


class SurveysStory(Story):
    data_file = "surveys.yaml"

    def __init__(self, actors: Actors) -> None:
        super().__init__(actors)
        self.names: dict[str, Any] = read_yaml("names.yaml")["officials"]
        self.running: dict[str, Running] = {}

    def story(self) -> list[Event]:
        out: list[Event] = []
        for spec in self.spec["surveys"]:
            code = str(spec["unit"])
            opens, closes = day(spec["opens"]), day(spec["closes"])
            out.append((day(spec["households_on"]), f"households {code}", self._households(spec)))
            out.append((opens, f"survey {code} opened", self._open(spec)))
            for offset in range((closes - opens).days + 1):
                when = opens + dt.timedelta(days=offset)
                out.append((when, f"survey {code} answers", self._answers(code, when)))
            out.append((day(spec["closed"]), f"survey {code} closed", self._close(spec)))
        out.extend(self._consultation())
        return out

    # -- the commune -------------------------------------------------------------------------

    def _commune(self, code: str, on: dt.date) -> AdministrativeUnit:
        unit = (
            AdministrativeUnit.objects.valid_on(on)
            .filter(code=code, level=Level.COMMUNE)
            .select_related("parent")
            .first()
        )
        if unit is None:
            raise DemoError(f"No commune {code} on {on} for its survey.")
        return unit

    def _head_name(self, rng: random.Random) -> str:
        names = self.names
        if rng.random() < float(names["khmer_share"]):
            given = rng.choice(names["khmer_given"])
            return f"{rng.choice(names['khmer_surnames'])} {given}"
        female = rng.random() < float(names["female_share"])
        middle = rng.choice(names["female_middle" if female else "male_middle"])
        given = rng.choice(names["female_given" if female else "male_given"])
        return f"{rng.choice(names['surnames'])} {middle} {given}"

    def _households(self, spec: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            when = day(spec["households_on"])
            commune = self._commune(str(spec["unit"]), when)
            officer = self.actors.enterer(commune)
            bounds = self.spec["households_per_hamlet"]
            hamlets = AdministrativeUnit.objects.valid_on(when).filter(
                parent=commune, level=Level.HAMLET
            )
            with at(when, hour=14):
                for hamlet in hamlets.order_by("code"):
                    rng = random.Random(f"{self.spec['seed']}-households-{hamlet.code}")
                    for number in range(1, rng.randint(bounds["min"], bounds["max"]) + 1):
                        household_create(
                            hamlet=hamlet,
                            number=f"{number:03d}",
                            head_name=self._head_name(rng),
                            address=f"Tổ {(number - 1) // 15 + 1}, {hamlet.name}",
                            by=officer,
                        )

        return run

    # -- the survey ----------------------------------------------------------------------------

    def _questions(self) -> list[QuestionSpec]:
        criteria_set = criteria_set_by_code(str(self.spec["criteria_set"]))
        if criteria_set is None:
            raise DemoError(f"No criteria set {self.spec['criteria_set']} for the surveys.")
        specs = [
            QuestionSpec(
                name=question_name(criterion.number),
                label=f"Ông/bà có hài lòng với kết quả tiêu chí số {criterion.number} "
                f"({criterion.name}) của xã không?",
                kind="scale",
                content=criterion.number,
                choices=scale_choices(),
            )
            for criterion in current_definition(criteria_set).criteria
        ]
        specs.append(
            QuestionSpec(
                name=COMMENT_QUESTION,
                label="Ý kiến khác của ông/bà về xây dựng nông thôn mới ở xã",
                kind="text",
                required=False,
            )
        )
        return specs

    def _open(self, spec: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            code = str(spec["unit"])
            opens = day(spec["opens"])
            commune = self._commune(code, opens)
            officer = self.actors.enterer(commune)
            criteria_set = criteria_set_by_code(str(self.spec["criteria_set"]))
            with at(opens, hour=8):
                survey = survey_create(
                    unit=commune,
                    year=opens.year,
                    title=f"{self.spec['title']} — {commune.name}",
                    organiser=f"{self.spec['organiser']} {commune.name.removeprefix('Xã ')}",
                    opens_on=opens,
                    closes_on=day(spec["closes"]),
                    criteria_set=criteria_set,
                    by=officer,
                )
                # The seed written in the minutes, so the sample can be drawn again the same.
                survey = survey_update(
                    survey=survey,
                    version=survey.version,
                    by=officer,
                    sample_seed=int(self.spec["seed"]) * 100000 + int(code),
                )
                survey_form_replace(survey=survey, specs=self._questions(), by=officer)
                sample_draw(survey=survey, by=officer)
                survey = survey_open(survey=survey, version=survey.version, by=officer)
            self.running[code] = Running(survey.pk, self._plan(survey, spec))

        return run

    def _plan(self, survey: Survey, spec: dict[str, Any]) -> dict[dt.date, list[Planned]]:
        """Who answers, when, how and what: every content's satisfied share as the data file
        says (of the households answering, rounded to whole households)."""
        rng = random.Random(f"{self.spec['seed']}-answers-{spec['unit']}")
        members = list(
            SampleMember.objects.filter(survey=survey).order_by("hamlet__code", "household_id")
        )
        answering = rng.sample(members, math.floor(len(members) * float(self.spec["answering"])))
        contents = sorted(
            content
            for content in survey.questions.values_list("content", flat=True)
            if content is not None
        )
        shares: dict[Any, float] = spec["satisfied"]
        satisfied: dict[int, set[int]] = {}
        for content in contents:
            share = float(shares.get(content, shares["default"]))
            count = round(len(answering) * share)
            satisfied[content] = {m.pk for m in rng.sample(answering, count)}
        weights: dict[str, int] = self.spec["channels"]
        opens, closes = day(spec["opens"]), day(spec["closes"])
        plan: dict[dt.date, list[Planned]] = {}
        door = 0
        for member in answering:
            answers = {
                question_name(content): (
                    rng.choice(["very_satisfied", "satisfied", "satisfied"])
                    if member.pk in satisfied[content]
                    else "not_satisfied"
                )
                for content in contents
            }
            if rng.random() < float(self.spec["comment_share"]):
                answers[COMMENT_QUESTION] = rng.choice(self.spec["comments"])
            channel = rng.choices(list(weights), weights=list(weights.values()))[0]
            replay = False
            if channel == Channel.DOOR:
                door += 1
                replay = door % int(self.spec["door_replay_every"]) == 0
            when = opens + dt.timedelta(days=rng.randint(0, (closes - opens).days))
            plan.setdefault(when, []).append(Planned(when, member.pk, channel, answers, replay))
        return plan

    def _answers(self, code: str, when: dt.date) -> Callable[[], None]:
        def run() -> None:
            running = self.running.get(code)
            if running is None:
                raise DemoError(f"The survey of {code} is not open on {when}.")
            survey = Survey.objects.select_related("unit").get(pk=running.survey_id)
            officer = self.actors.enterer(survey.unit)
            planned = running.plan.get(when, [])
            members = SampleMember.objects.select_related("survey", "hamlet", "household").in_bulk(
                [p.member_id for p in planned]
            )
            for n, answer in enumerate(planned):
                member = members[answer.member_id]
                with at(moment(when, 8 + n * 9 // max(len(planned), 1), (n * 7) % 60)):
                    if answer.channel == Channel.WEB:
                        # The resident types the code printed on the household's sheet.
                        response_record(
                            member=member_by_code(survey, member.code.lower()),
                            answers=answer.answers,
                            channel=Channel.WEB,
                            on=when,
                        )
                    elif answer.channel == Channel.DOOR:
                        key = f"dt-{survey.pk}-{member.pk:06d}"
                        for _send in range(2 if answer.replay else 1):
                            response_record(
                                member=member,
                                answers=answer.answers,
                                channel=Channel.DOOR,
                                idempotency_key=key,
                                by=officer,
                                on=when,
                            )
                    else:
                        # The officer picks the household on the sheet among those drawn.
                        response_record(
                            member=member,
                            answers=answer.answers,
                            channel=Channel.PAPER,
                            by=officer,
                            on=when,
                        )

        return run

    def _close(self, spec: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            code = str(spec["unit"])
            survey = Survey.objects.select_related("unit").get(pk=self.running[code].survey_id)
            with at(day(spec["closed"]), hour=16):
                survey_close(
                    survey=survey, version=survey.version, by=self.actors.enterer(survey.unit)
                )

        return run

    # -- the consultation ---------------------------------------------------------------------

    def _consultation(self) -> list[Event]:
        spec = self.spec["consultation"]
        code = str(spec["unit"])
        out: list[Event] = [(day(spec["opens"]), f"consultation {code}", self._open_consultation)]
        for index, item in enumerate(spec["opinions"]):
            out.append((day(item["day"]), f"opinion {index} on {code}", self._opinion(index)))
            for move in ("publish", "answer", "reject"):
                if move in item:
                    moved = day(item["publish"] if move == "answer" else item[move])
                    out.append((moved, f"opinion {index} {move}", self._moderate(index, move)))
        return out

    def _open_consultation(self) -> None:
        spec = self.spec["consultation"]
        opens = day(spec["opens"])
        commune = self._commune(str(spec["unit"]), opens)
        dossier = Dossier.objects.get(unit=commune, target_level="ntm", year=opens.year)
        with at(opens, hour=10):
            consultation_create(
                dossier=dossier,
                title=spec["title"],
                summary=spec["summary"],
                opens_on=opens,
                closes_on=day(spec["closes"]),
                by=self.actors.officer_for(commune),
            )

    def _the_consultation(self) -> Consultation:
        spec = self.spec["consultation"]
        return Consultation.objects.select_related("unit").get(
            unit__code=str(spec["unit"]), opens_on=day(spec["opens"])
        )

    def _opinion(self, index: int) -> Callable[[], None]:
        def run() -> None:
            item = self.spec["consultation"]["opinions"][index]
            with at(moment(day(item["day"]), 19, index % 60)):
                opinion_submit(
                    consultation=self._the_consultation(),
                    stance=item["stance"],
                    text=item.get("text", ""),
                    name=item.get("name", ""),
                )

        return run

    def _moderate(self, index: int, move: str) -> Callable[[], None]:
        def run() -> None:
            item = self.spec["consultation"]["opinions"][index]
            consultation = self._the_consultation()
            officer = self.actors.officer_for(consultation.unit)
            opinion = Opinion.objects.filter(consultation=consultation).order_by("pk")[index]
            hour = 9 if move == "publish" else 10
            with at(day(item["publish"] if move == "answer" else item[move]), hour=hour):
                if move == "publish":
                    opinion_publish(opinion=opinion, version=opinion.version, by=officer)
                elif move == "answer":
                    opinion_answer(
                        opinion=opinion, version=opinion.version, answer=item["answer"], by=officer
                    )
                else:
                    opinion_reject(
                        opinion=opinion, version=opinion.version, reason=item["reason"], by=officer
                    )

        return run


def events(actors: Actors) -> list[Event]:
    return SurveysStory(actors).story()
