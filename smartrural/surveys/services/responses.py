"""One answer per household, whichever way it comes: the resident on the web with the
household's code, an officer door to door (sent from the phone when there is signal, with the
device's idempotency key), an officer entering a paper sheet.

The household is marked as answered by a conditional update (two sends of one code never both
count); the answers are stored in a response that does not name the household.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.textcheck import free_text_or_fail

from ..models import (
    TEXT_ANSWER_MAX_CHARS,
    Answer,
    Channel,
    Question,
    QuestionKind,
    Response,
    SampleMember,
    Survey,
)
from .surveys import require_answerable

NUMBER_LIMIT = Decimal("1e12")
# The key a device gives an answer (the API's ``Idempotency-Key``, the offline page's form).
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"


class CodeUsed(Conflict):
    """The household has already answered (its code is used)."""


@dataclass(frozen=True)
class Recorded:
    """``created``: False when this was a replay of an answer already counted (same key)."""

    created: bool


def member_by_code(survey: Survey | None, code: str) -> SampleMember:
    """The sample member holding ``code`` (of ``survey`` when given); ``ValidationFailed`` for
    an unknown code. Codes are read case-insensitively, spaces and dashes ignored."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    found = SampleMember.objects.select_related("survey", "hamlet", "household").filter(
        code=cleaned
    )
    if survey is not None:
        found = found.filter(survey=survey)
    member = found.first()
    if member is None:
        raise ValidationFailed(
            _("The code “%(code)s” is not a code of this survey. Check it on your sheet.")
            % {"code": code[:20]},
            field="code",
        )
    return member


def _one(question: Question, raw: Any) -> list[dict[str, Any]]:
    """The answer rows for one question from its raw value (names of choices, a number, text);
    empty when not answered."""
    if raw in (None, "", []):
        if question.required:
            raise ValidationFailed(
                _("Question “%(label)s” needs an answer.") % {"label": question.label},
                field=question.name,
            )
        return []
    if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        return [{"choice": _choice(question, raw)}]
    if question.kind == QuestionKind.MULTIPLE:
        names = raw if isinstance(raw, list) else str(raw).split()
        return [{"choice": _choice(question, name)} for name in dict.fromkeys(names)]
    if question.kind == QuestionKind.NUMBER:
        return [{"number": _number(question, raw)}]
    text = free_text_or_fail(
        str(raw), max_length=TEXT_ANSWER_MAX_CHARS, label=question.label, field=question.name
    )
    return [{"text": text}] if text else []


def _choice(question: Question, name: Any) -> Any:
    for choice in question.choices.all():
        if choice.name == name:
            return choice
    raise ValidationFailed(
        _("“%(value)s” is not an answer to question “%(label)s”.")
        % {"value": str(name)[:50], "label": question.label},
        field=question.name,
    )


def _number(question: Question, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= NUMBER_LIMIT:
        raise ValidationFailed(
            _("Question “%(label)s” takes a number.") % {"label": question.label},
            field=question.name,
        )
    return value.quantize(Decimal("0.01"))


def check_answers(
    survey: Survey, answers: Mapping[str, Any]
) -> list[tuple[Question, dict[str, Any]]]:
    """Every answer row to store, checked against the form (``ValidationFailed`` naming the
    question otherwise; an answer to a question the form does not have is refused too)."""
    questions = list(survey.questions.prefetch_related("choices"))
    known = {question.name for question in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationFailed(
            _("This form has no question “%(name)s”.") % {"name": unknown[0][:64]}
        )
    return [(q, row) for q in questions for row in _one(q, answers.get(q.name))]


def _is_replay(member: SampleMember, idempotency_key: str) -> bool:
    return (
        member.answered_on is not None
        and bool(idempotency_key)
        and member.idempotency_key == idempotency_key[:64]
    )


def response_record(
    *,
    member: SampleMember,
    answers: Mapping[str, Any],
    channel: Channel,
    idempotency_key: str = "",
    by: User | None = None,
    on: dt.date | None = None,
) -> Recorded:
    """Count ``member``'s household's answers once.

    Refused (nothing stored): the survey does not take answers today, an answer does not fit
    the form, the household already answered (``CodeUsed``) — unless this is the same answer
    sent again with the same ``idempotency_key``, which returns ``Recorded(created=False)``
    (also after the survey closed: the answer was counted while it was open).
    """
    survey = member.survey
    day = on or today()
    if _is_replay(member, idempotency_key):
        # Its reply was lost: the same answer again, even once the survey has closed, so the
        # phone does not show as refused an answer that counts.
        return Recorded(created=False)
    require_answerable(survey, on=day)
    rows = check_answers(survey, answers)
    with transaction.atomic():
        taken = SampleMember.objects.filter(pk=member.pk, answered_on__isnull=True).update(
            answered_on=day,
            channel=channel,
            idempotency_key=idempotency_key[:64],
            entered_by=by if channel != Channel.WEB else None,
        )
        if not taken:
            if _is_replay(SampleMember.objects.get(pk=member.pk), idempotency_key):
                return Recorded(created=False)
            raise CodeUsed(
                _("Household %(number)s has already answered this survey; it is counted once.")
                % {"number": member.household.number}
            )
        response = Response.objects.create(
            survey=survey, hamlet_id=member.hamlet_id, channel=channel, received_on=day
        )
        Answer.objects.bulk_create(
            Answer(response=response, survey=survey, hamlet_id=member.hamlet_id, question=q, **row)
            for q, row in rows
        )
    return Recorded(created=True)


def member_for_household(survey: Survey, household_id: int) -> SampleMember:
    """The sample member of ``household_id`` in ``survey``: a paper sheet or a door-to-door
    answer is only taken from a household drawn (``ValidationFailed`` otherwise)."""
    member = (
        SampleMember.objects.select_related("survey", "hamlet", "household")
        .filter(survey=survey, household_id=household_id)
        .first()
    )
    if member is None:
        raise ValidationFailed(
            _("This household is not in the survey's sample; only households drawn answer."),
            field="household",
        )
    return member
