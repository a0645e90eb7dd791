"""Writes of the smart pilots (Công văn 3445/BNN-VPĐP; QĐ 319/QĐ-TTg for smart hamlets).

- The province office configures the scoring sheet of each pilot kind and the smart-hamlet
  checklist (``scoring_criterion_*``, ``smart_hamlet_item_*``; shipped defaults in
  ``data/defaults.yaml`` through ``load_defaults``).
- A writer in scope proposes a commune (smart commune) or a hamlet (smart hamlet) with its
  outstanding field (``candidate_propose``) and may withdraw it while proposed; the province
  office scores it and selects it or not, with the decision's reference.
- A selected pilot gets a plan with milestones, kept by the province office or the unit's writers.
- Writers in scope assess their hamlets against the checklist each year (``hamlet_assess``).

Every write validates its input (``ValidationFailed`` with the form field), checks the actor
(``PermissionDenied``) and records the actor in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office, require_writer, scope_for_user
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import (
    NOT_STORED,
    EditConflict,
    FieldConflict,
    check_version,
    row_conflicts,
)
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import unit_for_writing
from ..models import (
    CandidateScore,
    CandidateStatus,
    HamletAssessment,
    OutstandingField,
    PilotCandidate,
    PilotKind,
    PilotMilestone,
    PilotPlan,
    ScoringCriterion,
    SmartHamletItem,
)
from .selectors import FIRST_YEAR, reference_date, score_sheet

DEFAULTS_FILE = Path(__file__).resolve().parent / "data" / "defaults.yaml"
UNIT_LEVEL = {PilotKind.SMART_COMMUNE: Level.COMMUNE, PilotKind.SMART_HAMLET: Level.HAMLET}
MAX_SCORE_LIMIT = 1000
MAX_ORDER = 32767


def _stamp(obj: Model, by: Any) -> None:
    obj._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _require_unit_writer(by: Any, unit: AdministrativeUnit) -> None:
    """``by`` writes and ``unit`` lies in their scope (the province office, the unit's district
    and commune officers)."""
    require_writer(by)
    if not scope_for_user(by).contains(unit):
        raise PermissionDenied(_("This unit is outside your units."))


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s is too long (at most %(max)s characters).")
            % {"label": label, "max": max_length},
            field=field,
        )
    return text


def _whole(value: Any, *, field: str, label: str, low: int, high: int) -> int:
    """``value`` as a whole number within ``low..high`` (``ValidationFailed`` otherwise)."""
    message = _("%(label)s must be a whole number from %(low)s to %(high)s.") % {
        "label": label,
        "low": low,
        "high": high,
    }
    if isinstance(value, bool):
        raise ValidationFailed(message, field=field)
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(message, field=field) from exc
    if not low <= number <= high:
        raise ValidationFailed(message, field=field)
    return number


def _kind(kind: Any) -> str:
    if kind not in PilotKind.values:
        raise ValidationFailed(_("Choose a pilot kind."), field="kind")
    return str(kind)


def _date(value: Any, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationFailed(
            _("%(label)s must be a date (dd/mm/yyyy).") % {"label": label}, field=field
        )
    return value


# --- Configuration: the scoring sheets and the smart-hamlet checklist -----------------------


@dataclass(frozen=True)
class DefaultsLoaded:
    criteria: int
    items: int


@transaction.atomic
def load_defaults(path: Path = DEFAULTS_FILE, *, by: Any = None) -> DefaultsLoaded:
    """Store the shipped scoring sheets and checklist. Idempotent: codes already stored are left
    as the province changed them; only missing ones are added. Returns how many were added."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    have_criteria = set(ScoringCriterion.objects.values_list("kind", "code"))
    have_items = set(SmartHamletItem.objects.values_list("code", flat=True))
    criteria = items = 0
    for kind, rows in (data.get("scoring") or {}).items():
        for number, row in enumerate(rows, start=1):
            if (kind, row["code"]) in have_criteria:
                continue
            criterion = ScoringCriterion(
                kind=_kind(kind),
                code=row["code"],
                name=row["name"],
                max_score=int(row["max_score"]),
                order=int(row.get("order", number * 10)),
            )
            _stamp(criterion, by)
            criterion.save()
            criteria += 1
    for number, row in enumerate(data.get("checklist") or [], start=1):
        if row["code"] in have_items:
            continue
        item = SmartHamletItem(
            code=row["code"], name=row["name"], order=int(row.get("order", number * 10))
        )
        _stamp(item, by)
        item.save()
        items += 1
    return DefaultsLoaded(criteria=criteria, items=items)


def pilot_defaults_load(*, by: Any) -> DefaultsLoaded:
    """The province office fills the sheets and checklist with the shipped defaults."""
    require_province_office(by)
    return load_defaults(by=by)


def _criterion_values(
    *, kind: Any, code: Any, name: Any, max_score: Any, order: Any
) -> dict[str, Any]:
    return {
        "kind": _kind(kind),
        "code": _text(code, field="code", label=_("Code"), max_length=20),
        "name": _text(name, field="name", label=_("Name"), max_length=300),
        "max_score": _whole(
            max_score, field="max_score", label=_("Maximum score"), low=1, high=MAX_SCORE_LIMIT
        ),
        "order": _whole(order, field="order", label=_("Order"), low=0, high=MAX_ORDER),
    }


def _check_criterion_code(values: dict[str, Any], *, exclude: int | None = None) -> None:
    clash = ScoringCriterion.objects.filter(kind=values["kind"], code=values["code"])
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationFailed(
            _("The %(kind)s sheet already has a criterion with code “%(code)s”.")
            % {"kind": PilotKind(values["kind"]).label.lower(), "code": values["code"]},
            field="code",
        )


@transaction.atomic
def scoring_criterion_create(
    *,
    kind: str,
    code: str,
    name: str,
    max_score: Any,
    order: Any = 0,
    active: bool = True,
    by: Any,
) -> ScoringCriterion:
    require_province_office(by)
    values = _criterion_values(kind=kind, code=code, name=name, max_score=max_score, order=order)
    _check_criterion_code(values)
    criterion = ScoringCriterion(**values, active=bool(active))
    _stamp(criterion, by)
    criterion.save()
    return criterion


@transaction.atomic
def scoring_criterion_update(
    *,
    criterion: ScoringCriterion,
    kind: str,
    code: str,
    name: str,
    max_score: Any,
    order: Any,
    active: bool,
    version: int | None = None,
    by: Any,
) -> ScoringCriterion:
    """Change a criterion. Its kind is fixed once scores were given on it, and its maximum cannot
    drop below a score already given (``ValidationFailed``; ``EditConflict`` when it changed
    since the writer read it at ``version``)."""
    require_province_office(by)
    values = _criterion_values(kind=kind, code=code, name=name, max_score=max_score, order=order)
    check_version(criterion, version, sent={**values, "active": bool(active)})
    _check_criterion_code(values, exclude=criterion.pk)
    used = criterion.scores.aggregate(highest=Max("score"))["highest"]
    if used is not None and values["kind"] != criterion.kind:
        raise ValidationFailed(
            _("Candidates were already scored on this criterion: its pilot kind cannot change."),
            field="kind",
        )
    if used is not None and values["max_score"] < used:
        raise ValidationFailed(
            _(
                "A score of %(score)s was already given on this criterion: "
                "the maximum cannot be lower."
            )
            % {"score": used},
            field="max_score",
        )
    for name_, value in values.items():
        setattr(criterion, name_, value)
    criterion.active = bool(active)
    _stamp(criterion, by)
    criterion.save()
    return criterion


def _item_values(*, code: Any, name: Any, order: Any) -> dict[str, Any]:
    return {
        "code": _text(code, field="code", label=_("Code"), max_length=20),
        "name": _text(name, field="name", label=_("Name"), max_length=300),
        "order": _whole(order, field="order", label=_("Order"), low=0, high=MAX_ORDER),
    }


def _check_item_code(code: str, *, exclude: int | None = None) -> None:
    clash = SmartHamletItem.objects.filter(code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationFailed(
            _("The checklist already has an item with code “%(code)s”.") % {"code": code},
            field="code",
        )


@transaction.atomic
def smart_hamlet_item_create(
    *, code: str, name: str, order: Any = 0, active: bool = True, by: Any
) -> SmartHamletItem:
    require_province_office(by)
    values = _item_values(code=code, name=name, order=order)
    _check_item_code(values["code"])
    item = SmartHamletItem(**values, active=bool(active))
    _stamp(item, by)
    item.save()
    return item


@transaction.atomic
def smart_hamlet_item_update(
    *,
    item: SmartHamletItem,
    code: str,
    name: str,
    order: Any,
    active: bool,
    version: int | None = None,
    by: Any,
) -> SmartHamletItem:
    """Change a checklist item (``EditConflict`` when it changed since ``version``)."""
    require_province_office(by)
    values = _item_values(code=code, name=name, order=order)
    check_version(item, version, sent={**values, "active": bool(active)})
    _check_item_code(values["code"], exclude=item.pk)
    for name_, value in values.items():
        setattr(item, name_, value)
    item.active = bool(active)
    _stamp(item, by)
    item.save()
    return item


# --- Candidates -----------------------------------------------------------------------------


def _year(value: Any, *, latest: int) -> int:
    return _whole(value, field="year", label=_("Year"), low=FIRST_YEAR, high=latest)


@transaction.atomic
def candidate_propose(
    *,
    unit_code: str,
    kind: str,
    year: Any,
    field: str,
    description: str = "",
    by: Any,
) -> PilotCandidate:
    """Propose a commune (smart commune) or a hamlet (smart hamlet) of ``by``'s units for
    ``year``. The code is looked up on 1 July of that year. One candidate per unit, kind and
    year."""
    require_writer(by)
    kind = _kind(kind)
    year_n = _year(year, latest=today().year + 1)
    if field not in OutstandingField.values:
        raise ValidationFailed(_("Choose the unit's outstanding field."), field="field")
    text = _text(
        description,
        field="description",
        label=_("Description"),
        max_length=5000,
        required=False,
    )
    unit = unit_for_writing(by, unit_code, on=reference_date(year_n))
    expected = UNIT_LEVEL[PilotKind(kind)]
    if unit.level != expected:
        message = (
            _("A smart commune candidate is a commune; %(unit)s is not one.")
            if expected == Level.COMMUNE
            else _("A smart hamlet candidate is a hamlet; %(unit)s is not one.")
        )
        raise ValidationFailed(message % {"unit": unit.name}, field="unit")
    existing = PilotCandidate.objects.filter(unit=unit, kind=kind, year=year_n).first()
    if existing is not None:
        raise ValidationFailed(
            _(
                "%(unit)s is already a %(kind)s candidate for %(year)s "
                "(status: %(status)s): a unit is proposed once per kind and year."
            )
            % {
                "unit": unit.name,
                "kind": PilotKind(kind).label.lower(),
                "year": year_n,
                "status": existing.get_status_display().lower(),
            },
            field="unit",
        )
    candidate = PilotCandidate(
        unit=unit,
        kind=kind,
        year=year_n,
        field=field,
        description=text,
        proposed_by=_actor(by),
    )
    _stamp(candidate, by)
    candidate.save()
    return candidate


def _locked(candidate: PilotCandidate) -> PilotCandidate:
    return PilotCandidate.objects.select_for_update().select_related("unit").get(pk=candidate.pk)


def _require_proposed(candidate: PilotCandidate, message: str) -> None:
    if candidate.status != CandidateStatus.PROPOSED:
        raise Conflict(message % {"status": candidate.get_status_display().lower()})


@dataclass(frozen=True)
class ScoreInput:
    """One line of the score sheet: ``score`` None leaves the criterion unscored. ``version``:
    the one of the stored score the writer read (``NOT_STORED``: none; None: not checked)."""

    score: Any
    comment: str = ""
    version: int | None = None


@transaction.atomic
def candidate_scores_set(
    *, candidate: PilotCandidate, scores: Mapping[int, ScoreInput], by: Any
) -> PilotCandidate:
    """The province office enters the scores of a proposed candidate, keyed by criterion id:
    whole numbers from 0 to each criterion's maximum, on the criteria in use for its kind.
    Criteria left out are left as they are; a score changed since the writer read it (its
    ``version``) is an ``EditConflict`` and nothing is written."""
    require_province_office(by)
    candidate = _locked(candidate)
    _require_proposed(
        candidate, _("Scores change only while the candidate is proposed; it is %(status)s.")
    )
    criteria = {c.pk: c for c in ScoringCriterion.objects.filter(kind=candidate.kind, active=True)}
    checked: dict[int, tuple[int | None, str]] = {}
    for criterion_id, line in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationFailed(_("This criterion is not on the candidate's scoring sheet."))
        field = f"score_{criterion.pk}"
        comment = _text(
            line.comment,
            field=f"comment_{criterion.pk}",
            label=_("Comment"),
            max_length=500,
            required=False,
        )
        if line.score is None or str(line.score).strip() == "":
            checked[criterion_id] = (None, comment)
            continue
        label = _("The score for %(code)s") % {"code": criterion.code}
        number = _whole(line.score, field=field, label=label, low=0, high=criterion.max_score)
        checked[criterion_id] = (number, comment)
    existing = {s.criterion_id: s for s in candidate.scores.select_for_update()}
    meanwhile: list[FieldConflict] = []
    for criterion_id, (given, comment) in checked.items():
        meanwhile += row_conflicts(
            CandidateScore,
            existing.get(criterion_id),
            scores[criterion_id].version,
            sent={"score": given, "comment": comment},
            row=str(criterion_id),
            row_label=criteria[criterion_id].code,
        )
    if meanwhile:
        raise EditConflict(meanwhile)
    for criterion_id, (given, comment) in checked.items():
        row = existing.get(criterion_id)
        if given is None:
            if row is not None:
                _stamp(row, by)
                row.delete()
            continue
        if row is not None and row.score == given and row.comment == comment:
            continue
        if row is None:
            row = CandidateScore(candidate=candidate, criterion=criteria[criterion_id])
        row.score, row.comment, row.scored_by = given, comment, _actor(by)
        _stamp(row, by)
        row.save()
    return candidate


@transaction.atomic
def candidate_decide(
    *,
    candidate: PilotCandidate,
    selected: bool,
    decision: str,
    version: int | None = None,
    by: Any,
) -> PilotCandidate:
    """The province office selects a proposed candidate, or does not, citing its decision.
    Selecting needs every criterion in use scored. ``EditConflict`` when the candidate changed
    since the writer read it at ``version`` (another officer decided or withdrew it)."""
    require_province_office(by)
    candidate = _locked(candidate)
    status = CandidateStatus.SELECTED if selected else CandidateStatus.NOT_SELECTED
    reference = str(decision or "").strip()
    check_version(candidate, version, sent={"status": status, "decision": reference})
    _require_proposed(
        candidate, _("Only a proposed candidate is selected or not; this one is %(status)s.")
    )
    if not reference:
        raise ValidationFailed(
            _("Give the reference of the decision, e.g. “QĐ 123/QĐ-UBND ngày 01/03/2023”."),
            field="decision",
        )
    if len(reference) > 200:
        raise ValidationFailed(
            _("The decision reference is too long (at most 200 characters)."), field="decision"
        )
    if selected:
        missing = score_sheet(candidate).missing
        if missing:
            raise ValidationFailed(
                _("Score every criterion before selecting; not scored yet: %(codes)s.")
                % {"codes": ", ".join(c.code for c in missing)},
                field="decision",
            )
    candidate.status = status
    candidate.decision = reference
    _stamp(candidate, by)
    candidate.save()
    return candidate


@transaction.atomic
def candidate_withdraw(
    *, candidate: PilotCandidate, version: int | None = None, by: Any
) -> PilotCandidate:
    """The proposing side (a writer whose units hold the candidate) withdraws it while it is
    proposed (``EditConflict`` when it changed since the writer read it at ``version``)."""
    _require_unit_writer(by, candidate.unit)
    candidate = _locked(candidate)
    check_version(candidate, version, sent={"status": CandidateStatus.WITHDRAWN})
    _require_proposed(
        candidate, _("Only a proposed candidate can be withdrawn; this one is %(status)s.")
    )
    candidate.status = CandidateStatus.WITHDRAWN
    _stamp(candidate, by)
    candidate.save()
    return candidate


# --- Plans and milestones -------------------------------------------------------------------


@transaction.atomic
def pilot_plan_save(
    *,
    candidate: PilotCandidate,
    goal: str,
    start: Any,
    end: Any,
    version: int | None = None,
    by: Any,
) -> PilotPlan:
    """Create or change the plan of a selected pilot (the province office or the unit's
    writers). The end is not before the start; milestones stay within the period.
    ``version``: the one of the plan the writer read (``NOT_STORED``: none); ``EditConflict``
    when it changed since."""
    _require_unit_writer(by, candidate.unit)
    candidate = _locked(candidate)
    if candidate.status != CandidateStatus.SELECTED:
        raise Conflict(_("Only a selected pilot has a plan."))
    goal_text = _text(goal, field="goal", label=_("Goal"), max_length=5000)
    start_d = _date(start, field="start", label=_("Start"))
    end_d = _date(end, field="end", label=_("End"))
    if end_d < start_d:
        raise ValidationFailed(
            _("The end (%(end)s) cannot be before the start (%(start)s).")
            % {"end": end_d.strftime("%d/%m/%Y"), "start": start_d.strftime("%d/%m/%Y")},
            field="end",
        )
    plan = PilotPlan.objects.select_for_update().filter(candidate=candidate).first()
    meanwhile = row_conflicts(
        PilotPlan,
        plan,
        version,
        sent={"goal": goal_text, "start": start_d, "end": end_d},
        row="",
        row_label="",
    )
    if meanwhile:
        raise EditConflict(meanwhile, current_version=plan.version if plan else NOT_STORED)
    if plan is not None:
        outside = plan.milestones.exclude(due__gte=start_d, due__lte=end_d).order_by("due").first()
        if outside is not None:
            raise ValidationFailed(
                _("The milestone “%(title)s” is due on %(due)s, outside the new period.")
                % {"title": outside.title, "due": outside.due.strftime("%d/%m/%Y")},
                field="end" if outside.due > end_d else "start",
            )
    else:
        plan = PilotPlan(candidate=candidate)
    plan.goal, plan.start, plan.end = goal_text, start_d, end_d
    _stamp(plan, by)
    plan.save()
    return plan


@dataclass(frozen=True)
class _MilestoneValues:
    title: str
    due: dt.date
    progress: int
    done_on: dt.date | None
    note: str


def _milestone_values(
    *, plan: PilotPlan, title: Any, due: Any, progress: Any, done_on: Any, note: Any
) -> _MilestoneValues:
    """Validated milestone fields. A done date makes the progress 100; a progress of 100
    without a done date takes today as the done date."""
    title_text = _text(title, field="title", label=_("Milestone"), max_length=300)
    due_d = _date(due, field="due", label=_("Due"))
    if not plan.start <= due_d <= plan.end:
        raise ValidationFailed(
            _("The due date must fall within the plan (%(start)s–%(end)s).")
            % {"start": plan.start.strftime("%d/%m/%Y"), "end": plan.end.strftime("%d/%m/%Y")},
            field="due",
        )
    progress_n = _whole(
        0 if progress is None or progress == "" else progress,
        field="progress",
        label=_("Progress"),
        low=0,
        high=100,
    )
    done: dt.date | None = None
    if done_on not in (None, ""):
        done = _date(done_on, field="done_on", label=_("Done on"))
        if done > today():
            raise ValidationFailed(_("The done date cannot be in the future."), field="done_on")
    if done is not None:
        progress_n = 100
    elif progress_n == 100:
        done = today()
    note_text = _text(note, field="note", label=_("Note"), max_length=500, required=False)
    return _MilestoneValues(title_text, due_d, progress_n, done, note_text)


def _plan_writer(plan: PilotPlan, by: Any) -> PilotPlan:
    plan = PilotPlan.objects.select_related("candidate__unit").get(pk=plan.pk)
    _require_unit_writer(by, plan.candidate.unit)
    return plan


@transaction.atomic
def pilot_milestone_create(
    *,
    plan: PilotPlan,
    title: str,
    due: Any,
    progress: Any = 0,
    done_on: Any = None,
    note: str = "",
    by: Any,
) -> PilotMilestone:
    plan = _plan_writer(plan, by)
    values = _milestone_values(
        plan=plan, title=title, due=due, progress=progress, done_on=done_on, note=note
    )
    milestone = PilotMilestone(plan=plan, **asdict(values))
    _stamp(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def pilot_milestone_update(
    *,
    milestone: PilotMilestone,
    title: str,
    due: Any,
    progress: Any,
    done_on: Any,
    note: str,
    version: int | None = None,
    by: Any,
) -> PilotMilestone:
    """Change a milestone, its progress included (the unit's writers report progress;
    ``EditConflict`` when it changed since the writer read it at ``version``)."""
    plan = _plan_writer(milestone.plan, by)
    values = _milestone_values(
        plan=plan, title=title, due=due, progress=progress, done_on=done_on, note=note
    )
    check_version(milestone, version, sent=asdict(values))
    for name, value in asdict(values).items():
        setattr(milestone, name, value)
    _stamp(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def pilot_milestone_delete(*, milestone: PilotMilestone, by: Any) -> None:
    _plan_writer(milestone.plan, by)
    _stamp(milestone, by)
    milestone.delete()


# --- Smart-hamlet assessments ---------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One checklist item assessed: met or not, with a comment. ``version``: the one of the
    stored assessment the writer read (``NOT_STORED``: none; None: not checked)."""

    met: bool
    comment: str = ""
    version: int | None = None


@transaction.atomic
def hamlet_assess(
    *, hamlet: AdministrativeUnit, year: Any, answers: Mapping[int, Answer], by: Any
) -> list[HamletAssessment]:
    """Assess ``hamlet`` for ``year`` against every checklist item in use (keyed by item id):
    each item is answered now or was before (items left out keep their stored answer). The
    hamlet must exist on 1 July of that year, and the year not be in the future. An answer
    changed since the writer read it (its ``version``) is an ``EditConflict``; nothing is
    written."""
    _require_unit_writer(by, hamlet)
    if hamlet.level != Level.HAMLET:
        raise ValidationFailed(_("Only hamlets are assessed against the smart-hamlet checklist."))
    year_n = _year(year, latest=today().year)
    if not hamlet.is_valid_on(reference_date(year_n)):
        raise ValidationFailed(
            _("%(hamlet)s did not exist on 01/07/%(year)s.")
            % {"hamlet": hamlet.name, "year": year_n},
            field="year",
        )
    items = list(SmartHamletItem.objects.filter(active=True))
    known = {item.pk for item in items}
    if set(answers) - known:
        raise ValidationFailed(_("This item is not on the smart-hamlet checklist."))
    existing = {
        a.item_id: a
        for a in HamletAssessment.objects.select_for_update().filter(hamlet=hamlet, year=year_n)
    }
    for item in items:
        if item.pk not in answers and item.pk not in existing:
            raise ValidationFailed(
                _("Say whether “%(item)s” is met.") % {"item": item.name}, field=f"met_{item.pk}"
            )
    comments = {
        pk: _text(
            answer.comment,
            field=f"comment_{pk}",
            label=_("Comment"),
            max_length=500,
            required=False,
        )
        for pk, answer in answers.items()
    }
    meanwhile: list[FieldConflict] = []
    for item in items:
        if item.pk in answers:
            meanwhile += row_conflicts(
                HamletAssessment,
                existing.get(item.pk),
                answers[item.pk].version,
                sent={"met": bool(answers[item.pk].met), "comment": comments[item.pk]},
                row=str(item.pk),
                row_label=item.code,
            )
    if meanwhile:
        raise EditConflict(meanwhile)
    saved: list[HamletAssessment] = []
    for item in items:
        if item.pk not in answers:
            saved.append(existing[item.pk])  # kept as stored (checked above)
            continue
        row = existing.get(item.pk)
        answer = answers[item.pk]
        comment = comments[item.pk]
        if row is not None and row.met == bool(answer.met) and row.comment == comment:
            saved.append(row)
            continue
        if row is None:
            row = HamletAssessment(hamlet=hamlet, item=item, year=year_n)
        row.met, row.comment, row.assessed_by = bool(answer.met), comment, _actor(by)
        _stamp(row, by)
        row.save()
        saved.append(row)
    return saved
