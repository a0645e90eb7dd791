"""A survey's form as plain data (``QuestionSpec``), the shape shared by the question builder,
the XLSForm reader and writer, and the services that store a form; ``check_specs`` is the one
place its rules are checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed

from .models import CHOICE_KINDS, QuestionKind
from .rules import SCALE

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_QUESTIONS = 200
MAX_CHOICES = 50


@dataclass(frozen=True)
class ChoiceSpec:
    name: str
    label: str
    satisfied: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    name: str
    label: str
    kind: str
    content: int | None = None
    required: bool = True
    hint: str = ""
    choices: tuple[ChoiceSpec, ...] = field(default_factory=tuple)


def scale_choices() -> tuple[ChoiceSpec, ...]:
    return tuple(ChoiceSpec(name, str(label), satisfied) for name, label, satisfied in SCALE)


def check_specs(specs: Sequence[QuestionSpec], *, contents: set[int] | None) -> None:
    """``ValidationFailed`` naming the first problem: a name that is not an XLSForm name or is
    used twice, a choice question without choices (or a choice name twice), a content that is
    not a criterion of the survey's set (``contents``; None: the survey names no set), a scale
    with no choice counting as satisfied, too many questions or choices."""
    if len(specs) > MAX_QUESTIONS:
        raise ValidationFailed(
            _("A survey has at most %(max)s questions.") % {"max": MAX_QUESTIONS}
        )
    seen: set[str] = set()
    for spec in specs:
        if not NAME_RE.match(spec.name):
            raise ValidationFailed(
                _(
                    "“%(name)s” is not a valid question name: a letter first, then letters, "
                    "digits or “_”, at most 64."
                )
                % {"name": spec.name},
                field="name",
            )
        if spec.name in seen:
            raise ValidationFailed(
                _("The name “%(name)s” is used by two questions.") % {"name": spec.name},
                field="name",
            )
        seen.add(spec.name)
        if spec.kind not in QuestionKind.values:
            raise ValidationFailed(_("Unknown question type “%(kind)s”.") % {"kind": spec.kind})
        if spec.content is not None and contents is not None and spec.content not in contents:
            raise ValidationFailed(
                _("Question “%(name)s”: content %(content)s is not a criterion of the set.")
                % {"name": spec.name, "content": spec.content},
                field="content",
            )
        if spec.kind in CHOICE_KINDS:
            _check_choices(spec)
        elif spec.choices:
            raise ValidationFailed(_("Question “%(name)s” takes no choices.") % {"name": spec.name})


def _check_choices(spec: QuestionSpec) -> None:
    if not spec.choices:
        raise ValidationFailed(
            _("Question “%(name)s” needs at least one choice.") % {"name": spec.name},
            field="choices",
        )
    if len(spec.choices) > MAX_CHOICES:
        raise ValidationFailed(
            _("A question has at most %(max)s choices.") % {"max": MAX_CHOICES}, field="choices"
        )
    names = [choice.name for choice in spec.choices]
    for name in names:
        if not NAME_RE.match(name):
            raise ValidationFailed(
                _("“%(name)s” is not a valid choice name.") % {"name": name}, field="choices"
            )
    if len(set(names)) != len(names):
        raise ValidationFailed(
            _("Question “%(name)s” has a choice name twice.") % {"name": spec.name},
            field="choices",
        )
    if spec.kind == QuestionKind.SCALE and not any(choice.satisfied for choice in spec.choices):
        raise ValidationFailed(
            _("Satisfaction question “%(name)s”: no answer counts as satisfied.")
            % {"name": spec.name},
            field="choices",
        )
