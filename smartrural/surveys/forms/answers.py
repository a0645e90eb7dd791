"""The answer form of a survey, built from its questions: the same fields on the resident's page,
the officer's paper-sheet entry and the door-to-door page (which sends them from the phone).

Field names are the questions' XLSForm names; a choice's value is its name (a multiple choice
sends several). Whether an answer fits (required, a number, a choice of the form) is checked by
``services.responses.check_answers``, the one place for it, so the offline page's answers are
checked exactly like the others when they arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from smartrural.criteria.selectors import current_definition

from ..models import TEXT_ANSWER_MAX_CHARS, Question, QuestionKind, Survey


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices"))


def _field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.hint,
        # Checked by the service (the offline page sends without the browser's checks too).
        "required": False,
    }
    choices = [(choice.name, choice.label) for choice in question.choices.all()]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.CharField(
            max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
        )
    return forms.CharField(
        max_length=TEXT_ANSWER_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


@dataclass(frozen=True)
class Section:
    """The questions of one NTM content (``content`` None: not tied to a content)."""

    content: int | None
    title: str
    fields: list[forms.BoundField]


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions_of(survey)
        self.criterion_names = _criterion_names(survey)
        for question in self.questions:
            self.fields[question.name] = _field(question)

    def answers(self) -> dict[str, Any]:
        """The answers as the service takes them: name → choice name(s), number or text."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", [])}

    def sections(self) -> Iterator[Section]:
        """The fields grouped by content, in the form's order (a new group at each change)."""
        group: list[forms.BoundField] = []
        current: int | None = None
        for index, question in enumerate(self.questions):
            if index and question.content != current:
                yield self._section(current, group)
                group = []
            current = question.content
            group.append(self[question.name])
        if group:
            yield self._section(current, group)

    def _section(self, content: int | None, fields: list[forms.BoundField]) -> Section:
        if content is None:
            return Section(None, "", fields)
        name = self.criterion_names.get(content, "")
        title = _("Content %(number)s: %(name)s") % {"number": content, "name": name}
        return Section(
            content, title if name else _("Content %(number)s") % {"number": content}, fields
        )


def _criterion_names(survey: Survey) -> dict[int, str]:
    if survey.criteria_set is None:
        return {}

    return {c.number: c.name for c in current_definition(survey.criteria_set).criteria}
