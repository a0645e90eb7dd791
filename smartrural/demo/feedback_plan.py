"""The demo's feedback, planned from ``data/feedback.yaml`` before any of it is filed: for each
report its hamlet, category, words, reporter, channel and the days of what officers do with it
(``feedback.py`` files and moves it on those days). Every period draws from its own seeded
generator, so the plan of a period never depends on another's."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from smartrural.core.workdays import add_working_days, is_working_day
from smartrural.feedback.models import Category
from smartrural.geo.models import AdministrativeUnit, Level

from .datafiles import day, read_yaml
from .errors import DemoError
from .story import random_day


@dataclass
class Step:
    day: dt.date
    hour: int
    move: str  # accept, assign, start, resolve, refuse; rate, reopen; hide, redact


@dataclass
class Planned:
    hamlet: AdministrativeUnit
    category: str
    description: str
    answers: dict[str, Any]
    submitted: dt.date
    hour: int
    channel: str
    name: str
    phone: str
    hide_name: bool
    fate: str
    reply: str = ""
    refusal: str = ""
    reporter: str = ""  # a demo resident's user name
    rating: int = 0
    rating_comment: str = ""
    reopen_reason: str = ""
    moderation: dict[str, str] = field(default_factory=dict)  # hide or redact, with the reason
    steps: list[Step] = field(default_factory=list)
    pk: int | None = None  # set once filed


def next_working_day(on: dt.date) -> dt.date:
    while not is_working_day(on):
        on += dt.timedelta(days=1)
    return on


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _hamlets(codes: list[str], on: dt.date) -> list[AdministrativeUnit]:
    communes = list(
        AdministrativeUnit.objects.valid_on(on).filter(code__in=codes, level=Level.COMMUNE)
    )
    if len(communes) != len(codes):
        raise DemoError(f"Feedback communes missing on {on}: {sorted(codes)}")
    hamlets = list(
        AdministrativeUnit.objects.valid_on(on)
        .filter(parent__in=communes, level=Level.HAMLET)
        .select_related("parent")
        .order_by("code")
    )
    if not hamlets:
        raise DemoError(f"The feedback communes have no hamlets on {on}.")
    return hamlets


def _steps(plan: Planned, rng: random.Random, deadline_days: int, last: dt.date) -> None:
    """The officers' moves of ``plan`` by its fate, keeping those up to ``last``."""
    spec = read_yaml("feedback.yaml")["days"]
    deadline = add_working_days(plan.submitted, deadline_days)
    drawn = next_working_day(plan.submitted + dt.timedelta(days=rng.randint(*spec["accept"])))
    accept = min(drawn, deadline)
    steps: list[Step] = []
    if plan.fate == "refused":
        steps.append(Step(accept, 8, "refuse"))
    elif plan.fate != "waiting":
        steps.append(Step(accept, 8, "accept"))
        drawn = next_working_day(accept + dt.timedelta(days=rng.randint(*spec["start"])))
        start = min(drawn, deadline) if plan.fate == "resolved" else drawn
        steps.append(Step(start, 10, rng.choice(["start", "start", "assign"])))
        if plan.fate == "resolved":
            share = rng.uniform(*spec["resolve_share_of_deadline"])
            resolve = max(start, add_working_days(plan.submitted, round(deadline_days * share)))
            steps.append(Step(resolve, 15, "resolve"))
        elif plan.fate == "late":
            late = deadline + dt.timedelta(days=rng.randint(*spec["late_by"]))
            steps.append(Step(next_working_day(max(late, start)), 15, "resolve"))
    plan.steps = [step for step in steps if step.day <= last]


def _contact(rng: random.Random, spec: dict[str, Any]) -> tuple[str, str]:
    if rng.random() >= spec["contact_share"]:
        return "", ""
    names = read_yaml("names.yaml")["team_members"]
    name = " ".join(rng.choice(names[part]) for part in ("family", "middle", "given"))
    return name, f"09{rng.randint(10_000_000, 99_999_999)}"


def plan_period(period: dict[str, Any]) -> list[Planned]:
    """The reports of one period, in the order they are filed."""
    spec = read_yaml("feedback.yaml")
    rng = random.Random(period["seed"])
    first, last = day(period["first"]), day(period["last"])
    hamlets = _hamlets([str(c) for c in period["communes"]], first)
    categories = {c.code: c for c in Category.objects.filter(code__in=spec["categories"])}
    weights = {code: entry["weight"] for code, entry in spec["categories"].items()}
    planned = []
    for _n in range(int(period["reports"])):
        fate = _weighted(rng, spec["fates"])
        submitted = random_day(rng, first, last)
        if fate == "waiting":
            submitted = random_day(rng, max(first, last - dt.timedelta(days=3)), last)
        code = _weighted(rng, weights)
        planned.append(_report(rng, spec, hamlets, code, submitted, fate))
    for entry in period.get("also", []):
        home = [h for h in hamlets if h.parent is not None and h.parent.code == entry["commune"]]
        planned.append(
            _report(rng, spec, home, entry["category"], day(entry["day"]), entry["fate"])
        )
    resident = spec["resident"]
    for entry in (e for e in resident["reports"] if first <= day(e["day"]) <= last):
        home = [h for h in hamlets if h.parent is not None and h.parent.code == resident["commune"]]
        plan = _report(rng, spec, home, entry["category"], day(entry["day"]), entry["fate"])
        plan.reporter, plan.name = resident["username"], resident["name"]
        plan.phone, plan.channel, plan.hide_name = resident["phone"], "web", False
        planned.append(plan)
    for plan in planned:
        _steps(plan, rng, categories[plan.category].deadline_days, last)
    planned.sort(key=lambda p: (p.submitted, p.hour))
    residents = random.Random(f"{period['seed']}-residents")
    for plan in planned:
        _after_resolution(plan, residents, spec["after_resolution"], last)
    for entry in spec.get("moderation", []):
        if entry["seed"] == period["seed"]:
            _moderate(planned[int(entry["nth"])], entry, last)
    return planned


def _after_resolution(
    plan: Planned, rng: random.Random, spec: dict[str, Any], last: dt.date
) -> None:
    """A reporter with a phone rates the resolution or, rarely, reopens it (then the commune
    resolves it again)."""
    resolved = [s for s in plan.steps if s.move == "resolve"]
    if not resolved or not plan.phone or plan.reporter:  # the persona's story is in the file
        return
    resolve = resolved[-1].day
    draw = rng.random()
    steps: list[Step] = []

    def later(start: dt.date, days: str) -> dt.date:
        return start + dt.timedelta(days=rng.randint(*spec[days]))

    if draw < spec["reopen_share"]:
        reopen = later(resolve, "reopen_after")
        again = next_working_day(later(reopen, "resolve_again_after"))
        plan.reopen_reason = rng.choice(spec["reopen_reasons"])
        steps += [Step(reopen, 19, "reopen"), Step(again, 15, "resolve")]
        resolve = again
    if draw < spec["reopen_share"] + spec["rate_share"]:
        plan.rating = int(_weighted(rng, {str(k): v for k, v in spec["ratings"].items()}))
        plan.rating_comment = rng.choice(spec["rating_comments"])
        steps.append(Step(later(resolve, "rate_after"), 20, "rate"))
    plan.steps += [step for step in steps if step.day <= last]


def _moderate(plan: Planned, entry: dict[str, Any], last: dt.date) -> None:
    on = plan.submitted + dt.timedelta(days=1)
    if on > last:
        raise DemoError(f"Moderation planned after the period: {entry}")
    if "hide" in entry:
        plan.moderation = {"reason": entry["hide"]}
        plan.steps.append(Step(on, 7, "hide"))
    else:
        plan.moderation = {"text": entry["redact"], "reason": entry["reason"]}
        plan.steps.append(Step(on, 7, "redact"))
    plan.steps.sort(key=lambda s: (s.day, s.hour))


def _report(
    rng: random.Random,
    spec: dict[str, Any],
    hamlets: list[AdministrativeUnit],
    code: str,
    submitted: dt.date,
    fate: str,
) -> Planned:
    entry = spec["categories"][code]
    communes = sorted({h.parent_id for h in hamlets if h.parent_id is not None})
    commune = rng.choice(communes)
    hamlet = rng.choice([h for h in hamlets if h.parent_id == commune])
    answers: dict[str, Any] = {}
    for question, values in (entry.get("answers") or {}).items():
        numeric = all(isinstance(v, int) for v in values) and len(values) == 2
        answers[question] = rng.randint(*values) if numeric else rng.choice(values)
    name, phone = _contact(rng, spec)
    refusal = _weighted(rng, {"spam": 1, "duplicate": 2, "not_competent": 2})
    return Planned(
        hamlet=hamlet,
        category=code,
        description=rng.choice(entry["descriptions"]).format(hamlet=hamlet.name),
        answers=answers,
        submitted=submitted,
        hour=rng.randint(6, 20),
        channel=_weighted(rng, spec["channels"]),
        name=name,
        phone=phone,
        hide_name=bool(name) and rng.random() < spec["hide_name_share"],
        fate=fate,
        reply=rng.choice(entry["replies"]),
        refusal=refusal if fate == "refused" else "",
    )
