"""Writes to a survey and its form: create, change, open, close; the questions."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import current_definition
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Choice, Question, Survey, SurveyStatus
from ..rules import default_rules
from ..specs import ChoiceSpec, QuestionSpec, check_specs

SURVEY_LEVELS = (Level.COMMUNE, Level.DISTRICT)


def contents_of(survey: Survey) -> set[int] | None:
    """The criterion numbers the survey's questions may be grouped by (None: no set named)."""
    if survey.criteria_set is None:
        return None
    return {criterion.number for criterion in current_definition(survey.criteria_set).criteria}


def _check_period(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationFailed(
            _("The survey closes on %(closes)s, before it opens on %(opens)s.")
            % {
                "closes": date_format(closes_on, "SHORT_DATE_FORMAT"),
                "opens": date_format(opens_on, "SHORT_DATE_FORMAT"),
            },
            field="closes_on",
        )


def _check_unit(unit: AdministrativeUnit, criteria_set: CriteriaSet | None) -> None:
    if unit.level not in SURVEY_LEVELS:
        raise ValidationFailed(
            _("Surveys are held by a commune or a district, not by %(unit)s.")
            % {"unit": unit.name},
            field="unit",
        )
    if criteria_set is not None and criteria_set.unit_level != unit.level:
        raise ValidationFailed(
            _("The set %(set)s is for another level of unit than %(unit)s.")
            % {"set": criteria_set.legal_name, "unit": unit.name},
            field="criteria_set",
        )


@transaction.atomic
def survey_create(
    *,
    unit: AdministrativeUnit,
    year: int,
    title: str,
    organiser: str,
    opens_on: dt.date,
    closes_on: dt.date,
    criteria_set: CriteriaSet | None = None,
    rules: dict[str, Decimal] | None = None,
    by: User | None,
) -> Survey:
    """A draft survey of ``unit`` with the rules of its level (``rules`` overrides some)."""
    _check_unit(unit, criteria_set)
    _check_period(opens_on, closes_on)
    survey = Survey(
        unit=unit,
        year=year,
        title=title,
        organiser=organiser,
        opens_on=opens_on,
        closes_on=closes_on,
        criteria_set=criteria_set,
        sample_seed=secrets.randbelow(2**31),
        created_by=by,
        **{**default_rules(unit), **(rules or {})},
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, version: int | None, by: User | None, **fields: Any) -> Survey:
    """Change a survey's title, organiser, period or rules (the set and the unit only while it
    is a draft). ``EditConflict`` when it changed since ``version``."""
    check_version(survey, version, sent=fields)
    if survey.status == SurveyStatus.CLOSED:
        raise Conflict(_("A closed survey is not changed."))
    changes_set = fields.get("criteria_set", survey.criteria_set) != survey.criteria_set
    if survey.status != SurveyStatus.DRAFT and changes_set:
        raise Conflict(_("The criteria set is chosen before the survey opens."))
    for name, value in fields.items():
        setattr(survey, name, value)
    _check_unit(survey.unit, survey.criteria_set)
    _check_period(survey.opens_on, survey.closes_on)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_open(*, survey: Survey, version: int | None, by: User | None) -> Survey:
    """Open a draft survey for answers (in its period): it needs questions and a sample."""
    check_version(survey, version, sent={"status": SurveyStatus.OPEN})
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict(_("Only a draft survey is opened."))
    if not survey.questions.exists():
        raise ValidationFailed(_("The survey has no questions yet."))
    if survey.sampled_at is None:
        raise ValidationFailed(_("Draw the sample of households before opening the survey."))
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, version: int | None, by: User | None) -> Survey:
    """Close an open survey: no answer is taken after, its results are final."""
    check_version(survey, version, sent={"status": SurveyStatus.CLOSED})
    if survey.status != SurveyStatus.OPEN:
        raise Conflict(_("Only an open survey is closed."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


def require_answerable(survey: Survey, *, on: dt.date | None = None) -> None:
    """``Conflict`` unless ``survey`` takes answers on ``on`` (today): open, within its period
    (first and last day included)."""
    day = on or today()
    if survey.status == SurveyStatus.DRAFT:
        raise Conflict(_("This survey is not open yet."))
    if survey.status == SurveyStatus.CLOSED:
        raise Conflict(_("This survey is closed; answers are no longer taken."))
    if day < survey.opens_on:
        raise Conflict(
            _("This survey takes answers from %(day)s.")
            % {"day": date_format(survey.opens_on, "SHORT_DATE_FORMAT")}
        )
    if day > survey.closes_on:
        raise Conflict(
            _("This survey took answers until %(day)s; it is over.")
            % {"day": date_format(survey.closes_on, "SHORT_DATE_FORMAT")}
        )


def _require_form_editable(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict(_("The questions are changed only while the survey is a draft."))


def _store(survey: Survey, specs: Sequence[QuestionSpec], start: int) -> list[Question]:
    questions = Question.objects.bulk_create(
        Question(
            survey=survey,
            position=start + index,
            name=spec.name,
            label=spec.label,
            hint=spec.hint,
            kind=spec.kind,
            content=spec.content,
            required=spec.required,
        )
        for index, spec in enumerate(specs)
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=index,
            name=choice.name,
            label=choice.label,
            satisfied=choice.satisfied,
        )
        for question, spec in zip(questions, specs, strict=True)
        for index, choice in enumerate(spec.choices)
    )
    return questions


@transaction.atomic
def survey_form_replace(
    *, survey: Survey, specs: Sequence[QuestionSpec], by: User | None
) -> list[Question]:
    """Replace every question of a draft survey by ``specs`` (an imported XLSForm)."""
    _require_form_editable(survey)
    check_specs(specs, contents=contents_of(survey))
    survey.questions.all().delete()
    return _store(survey, specs, 1)


@transaction.atomic
def question_add(*, survey: Survey, spec: QuestionSpec, by: User | None) -> Question:
    """Add a question at the end of a draft survey's form."""
    _require_form_editable(survey)
    existing = list(survey.questions.values_list("name", flat=True))
    if spec.name in existing:
        raise ValidationFailed(
            _("The name “%(name)s” is used by two questions.") % {"name": spec.name},
            field="name",
        )
    check_specs([spec], contents=contents_of(survey))
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    return _store(survey, [spec], (last or 0) + 1)[0]


def _spec_of(question: Question) -> QuestionSpec:
    return QuestionSpec(
        name=question.name,
        label=question.label,
        kind=question.kind,
        content=question.content,
        required=question.required,
        hint=question.hint,
        choices=tuple(
            ChoiceSpec(choice.name, choice.label, choice.satisfied)
            for choice in question.choices.all()
        ),
    )


@transaction.atomic
def question_update(*, question: Question, spec: QuestionSpec, by: User | None) -> Question:
    """Change a question of a draft survey (its choices replaced by ``spec``'s), checked with
    the rest of the form (``check_specs``: a name used by another question is refused)."""
    survey = question.survey
    _require_form_editable(survey)
    others = [
        _spec_of(other)
        for other in survey.questions.exclude(pk=question.pk).prefetch_related("choices")
    ]
    check_specs([*others, spec], contents=contents_of(survey))
    question.name = spec.name
    question.label = spec.label
    question.hint = spec.hint
    question.kind = spec.kind
    question.content = spec.content
    question.required = spec.required
    question.full_clean(exclude=["survey"])
    question.save()
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=index,
            name=choice.name,
            label=choice.label,
            satisfied=choice.satisfied,
        )
        for index, choice in enumerate(spec.choices)
    )
    return question


def _renumber(survey: Survey) -> None:
    questions = list(survey.questions.order_by("position", "pk"))
    for index, question in enumerate(questions, start=1):
        question.position = index
    Question.objects.bulk_update(questions, ["position"])


@transaction.atomic
def question_delete(*, question: Question, by: User | None) -> None:
    """Remove a question (and its choices) from a draft survey; the others close up."""
    survey = question.survey
    _require_form_editable(survey)
    question.delete()
    _renumber(survey)


@transaction.atomic
def question_move(*, question: Question, up: bool, by: User | None) -> Question:
    """Swap a question of a draft survey with the one before (``up``) or after it; the first
    stays first and the last stays last."""
    survey = question.survey
    _require_form_editable(survey)
    _renumber(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == question.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(ordered):
        return ordered[index]
    this, other = ordered[index], ordered[target]
    this.position, other.position = other.position, this.position
    Question.objects.bulk_update([this, other], ["position"])
    return this
