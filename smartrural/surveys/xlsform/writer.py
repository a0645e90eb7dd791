"""A survey's questions written as an XLSForm workbook (survey, choices and settings sheets).

Every question is one row of the survey sheet, in the survey's order, with its content in
``smartrural_content`` (no groups: the content is per question). Satisfaction scales share the
list ``satisfaction`` when they offer the same answers (a scale with other answers gets a list
of its own); every scale list says in ``smartrural_satisfied`` which answers count as satisfied.
Other questions get a list named after them. Every cell goes through ``core.exports`` (a label
such as ``=1+1`` stays text). ``read_xlsform`` reads the file back into the same questions, and
pyxform converts it to an ODK form.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from smartrural.core.exports import append_row

from ..models import CHOICE_KINDS, Question, QuestionKind, Survey
from ..rules import SCALE_LIST_NAME
from .columns import CONTENT_COLUMN, LANGUAGE, SATISFIED_COLUMN

TYPES = {
    QuestionKind.SINGLE: "select_one",
    QuestionKind.MULTIPLE: "select_multiple",
    QuestionKind.SCALE: "select_one",
    QuestionKind.NUMBER: "decimal",
    QuestionKind.TEXT: "text",
}
SURVEY_HEADER = [
    "type",
    "name",
    f"label::{LANGUAGE}",
    f"hint::{LANGUAGE}",
    "required",
    CONTENT_COLUMN,
]
CHOICES_HEADER = ["list_name", "name", f"label::{LANGUAGE}", SATISFIED_COLUMN]
SETTINGS_HEADER = ["form_title", "form_id", "version", "default_language"]

ChoiceRow = tuple[str, str, bool]


def form_id(survey: Survey) -> str:
    return f"smartrural_survey_{survey.pk}"


def xlsform_file_name(survey: Survey) -> str:
    """A file name made of numbers only (no user text in a header): ``khao-sat-12-2023.xlsx``."""
    return f"khao-sat-{survey.pk}-{survey.year}-xlsform.xlsx"


def _sheet(book: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return sheet


def _list_names(questions: list[Question]) -> dict[int, str]:
    """The choice list of each choice question (by id): ``satisfaction`` for the scales with
    the answers of the first one, the question's name (made unique) for the others."""
    names: dict[int, str] = {}
    taken = {SCALE_LIST_NAME}
    shared: tuple[ChoiceRow, ...] | None = None
    for question in questions:
        if question.kind not in CHOICE_KINDS:
            continue
        answers = tuple((c.name, c.label, c.satisfied) for c in question.choices.all())
        if question.kind == QuestionKind.SCALE and shared in (None, answers):
            shared = answers
            names[question.pk] = SCALE_LIST_NAME
            continue
        name = question.name
        while name in taken:
            name = f"{name}_list"
        taken.add(name)
        names[question.pk] = name
    return names


def write_xlsform(survey: Survey) -> bytes:
    """The XLSForm workbook of ``survey``'s questions (see the module's docstring)."""
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "pk"))
    lists = _list_names(questions)
    book = Workbook()
    book.remove(book.active)
    survey_sheet = _sheet(book, "survey", SURVEY_HEADER)
    choices_sheet = _sheet(book, "choices", CHOICES_HEADER)
    settings_sheet = _sheet(book, "settings", SETTINGS_HEADER)
    written: set[str] = set()
    for question in questions:
        kind = TYPES[QuestionKind(question.kind)]
        list_name = lists.get(question.pk)
        if list_name:
            kind = f"{kind} {list_name}"
        append_row(
            survey_sheet,
            [
                kind,
                question.name,
                question.label,
                question.hint or None,
                "yes" if question.required else "no",
                question.content,
            ],
        )
        if list_name and list_name not in written:
            written.add(list_name)
            scale = question.kind == QuestionKind.SCALE
            for choice in question.choices.all():
                satisfied = ("yes" if choice.satisfied else "no") if scale else None
                append_row(choices_sheet, [list_name, choice.name, choice.label, satisfied])
    append_row(settings_sheet, [survey.title, form_id(survey), str(survey.version), LANGUAGE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
