"""An uploaded XLSForm workbook read into a survey's questions, or every problem by row.

1. The file: its ``survey``, ``choices`` and ``settings`` sheets read within limits
   (``sheets.load_sheets``); every row's type is one a survey asks or skips, else it is refused
   with its row (before pyxform, which accepts locations and photos, and names no row for a type
   it does not know).
2. The sheets are handed to pyxform as the rows its own .xlsx reader would make (empty rows
   kept, so its row numbers are the sheet's). pyxform checks
   the XLSForm (names, choice lists, groups, references) and converts it to an ODK form; a
   syntax error is reported with the row it names.
3. Each element of pyxform's result becomes a ``QuestionSpec``:

   ===============================  =================================================
   XLSForm type                     question
   ===============================  =================================================
   ``select_one <list>``            satisfaction scale if the list is one (below),
                                    else single choice
   ``select_multiple <list>``       multiple choice
   ``integer``, ``decimal``         number
   ``text``                         text
   ``begin_group`` / ``end_group``  no question; its ``smartrural_content`` is the
                                    default of the questions inside (nesting allowed)
   ``note``                         skipped (text shown to the respondent, no answer)
   ``start``, ``end``, ``today``,   skipped (metadata the phone records)
   ``deviceid``, ``username``, …,
   ``calculate``
   anything else (``geopoint``,     refused: "Row 7: question type “geopoint” is not
   ``image``, ``begin_repeat``,     supported"
   ``select_one_from_file``, …)
   ===============================  =================================================

   A ``select_one`` list is a **satisfaction scale** when the choices sheet gives any of its
   choices a ``smartrural_satisfied`` value (then the choices marked yes count as satisfied),
   or, without such values, when the list is named ``satisfaction`` or its choice names are
   those of ``rules.SCALE`` (then ``very_satisfied`` and ``satisfied`` count as satisfied).
   ``required`` is yes/true/true()/1 or no/false/false()/0/empty (XLSForm's default: not
   required); an expression is refused, as are ``relevant``, ``constraint``, ``calculation``,
   ``choice_filter``, ``trigger`` and ``read_only``: every question of a survey is asked to
   every household. ``appearance``, defaults, media and messages are ignored.
4. The questions are checked as the question builder's are (``specs.check_specs``: names,
   choices, the survey's contents), each reported with its row.

Any problem: ``XlsFormInvalid`` listing them all, nothing returned.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import clean_free_text

from ..models import Choice, Question, QuestionKind
from ..rules import SCALE, SCALE_LIST_NAME
from ..specs import ChoiceSpec, QuestionSpec, check_specs
from .columns import (
    CONTENT_COLUMN,
    METADATA_TYPES,
    NO,
    NUMBER_TYPES,
    REFUSED_BINDS,
    REFUSED_KEYS,
    SATISFIED_COLUMN,
    TEXT_TYPES,
    YES,
    is_vietnamese,
    known_type,
)
from .sheets import CHOICES, SURVEY, Rows, XlsFormInvalid, load_sheets

SCALE_NAMES = frozenset(name for name, _label, _satisfied in SCALE)
SCALE_SATISFIED = frozenset(name for name, _label, satisfied in SCALE if satisfied)
_PYXFORM_ROW = re.compile(r"^\[row\s*:\s*(\d+)\]\s*(.*)$", re.DOTALL)
_QUOTED = re.compile(r"'([^']{1,100})'")
_CONTENT = re.compile(r"^\d{1,3}$")


def _max_length(model: type[models.Model], field: str) -> int:
    return int(getattr(model._meta.get_field(field), "max_length", 0) or 0)


@dataclass(frozen=True)
class XlsForm:
    """A form read from a workbook: its questions and its settings sheet."""

    questions: list[QuestionSpec]
    title: str
    form_id: str
    version: str


class _Reader:
    def __init__(self, data: bytes, contents: set[int] | None) -> None:
        self.data = data
        self.contents = contents
        self.problems: list[str] = []
        self.sheets: dict[str, Rows] = {}
        self.survey_rows: dict[str, deque[int]] = defaultdict(deque)
        self.type_rows: dict[str, int] = {}
        self.choice_rows: dict[tuple[str, str], int] = {}
        self.lists_with_satisfied: set[str] = set()
        self.default_language = ""

    # -- reporting --------------------------------------------------------------------------

    def at_row(self, row: int | None, message: str) -> None:
        if row is None:
            self.problems.append(message)
        else:
            self.problems.append(_("Row %(row)s: %(problem)s") % {"row": row, "problem": message})

    def at_choice(self, list_name: str, name: str, message: str) -> None:
        row = self.choice_rows.get((list_name, name))
        if row is None:
            self.problems.append(message)
        else:
            self.problems.append(
                _("Sheet “choices”, row %(row)s: %(problem)s") % {"row": row, "problem": message}
            )

    def fail_if_any(self) -> None:
        if self.problems:
            raise XlsFormInvalid(self.problems)

    # -- reading ----------------------------------------------------------------------------

    def read(self) -> XlsForm:
        self._load()
        result = self._convert()
        self.fail_if_any()
        self.default_language = str(result.get("default_language") or "")
        specs = list(self._questions(result.get("children", []), content=None))
        if not specs and not self.problems:
            raise XlsFormInvalid([_("The form has no question that a survey can ask.")])
        self._check(specs)
        self.fail_if_any()
        return XlsForm(
            questions=specs,
            title=str(result.get("title") or ""),
            form_id=str(result.get("id_string") or ""),
            version=str(result.get("version") or ""),
        )

    def _load(self) -> None:
        self.sheets = load_sheets(self.data)
        for number, row in enumerate(self.sheets[SURVEY].rows, start=2):
            if row.get("name"):
                self.survey_rows[row["name"]].append(number)
            self.type_rows.setdefault(row.get("type", ""), number)
        choices = self.sheets.get(CHOICES)
        for number, row in enumerate(choices.rows if choices else [], start=2):
            key = (row.get("list_name", ""), row.get("name", ""))
            self.choice_rows.setdefault(key, number)
            if row.get(SATISFIED_COLUMN):
                self.lists_with_satisfied.add(key[0])
        self._check_types()

    def _check_types(self) -> None:
        """Refuse, with their rows, the types pyxform knows but a survey cannot ask (pyxform
        would accept them) and those nobody knows (pyxform would name no row)."""
        for number, row in enumerate(self.sheets[SURVEY].rows, start=2):
            kind = re.sub(r"\s+", " ", row.get("type", "")).strip()
            lowered = kind.lower()
            if not kind or known_type(lowered):
                continue
            self.at_row(
                number,
                _(
                    "question type “%(type)s” is not supported: a survey asks single and "
                    "multiple choices, satisfaction scales, numbers and text."
                )
                % {"type": kind},
            )
        self.fail_if_any()

    def _convert(self) -> dict[str, Any]:
        definition: dict[str, Any] = {"sheet_names": list(self.sheets)}
        for name, rows in self.sheets.items():
            definition[name] = rows.rows
            definition[f"{name}_header"] = [dict.fromkeys(rows.header)] if rows.header else []
        try:
            result = convert(xlsform=definition, form_name="data")
        except PyXFormError as exc:
            self._pyxform_problem(str(exc))
            return {}
        except Exception as exc:  # pyxform fails in other ways on forms it does not expect
            self.problems.append(
                _("The workbook could not be read as an XLSForm (%(error)s).")
                % {"error": type(exc).__name__}
            )
            return {}
        return result._pyxform or {}

    def _pyxform_problem(self, message: str) -> None:
        match = _PYXFORM_ROW.match(message)
        if match:
            self.at_row(int(match.group(1)), match.group(2))
            return
        # pyxform names some problems by a name or a type only: find that row.
        for quoted in _QUOTED.findall(message):
            rows = self.survey_rows.get(quoted)
            row = rows[0] if rows else self.type_rows.get(quoted)
            if row is not None:
                self.at_row(row, message)
                return
        self.problems.append(_("The form is not valid XLSForm: %(error)s") % {"error": message})

    # -- elements ---------------------------------------------------------------------------

    def _row_of(self, element: Mapping[str, Any]) -> int | None:
        rows = self.survey_rows.get(str(element.get("name", "")))
        return rows.popleft() if rows else None

    def _questions(
        self, elements: Iterable[Mapping[str, Any]], *, content: int | None
    ) -> Iterable[QuestionSpec]:
        for element in elements:
            kind = str(element.get("type", ""))
            if kind == "group" and element.get("control", {}).get("bodyless"):
                continue  # the "meta" group pyxform adds (instanceID)
            row = self._row_of(element)
            if kind in METADATA_TYPES or kind == "note":
                continue
            if not self._honoured(element, row):
                continue
            own = self._content(element, row)
            if kind == "group":
                yield from self._questions(
                    element.get("children", []), content=own if own is not None else content
                )
                continue
            spec = self._question(element, row, kind, own if own is not None else content)
            if spec is not None:
                yield spec

    def _honoured(self, element: Mapping[str, Any], row: int | None) -> bool:
        refused = [
            column for key, column in REFUSED_BINDS.items() if element.get("bind", {}).get(key)
        ]
        refused += [key for key in REFUSED_KEYS if element.get(key)]
        if element.get("type") == "calculate":
            refused = []
        for column in refused:
            self.at_row(
                row,
                _(
                    "the column “%(column)s” is not supported: every question is asked to every "
                    "household as it is; leave it empty."
                )
                % {"column": column},
            )
        return not refused

    def _content(self, element: Mapping[str, Any], row: int | None) -> int | None:
        value = str(element.get(CONTENT_COLUMN) or "").strip()
        if not value:
            return None
        if not _CONTENT.match(value):
            self.at_row(
                row,
                _("“%(column)s” must be a criterion number, not “%(value)s”.")
                % {"column": CONTENT_COLUMN, "value": value},
            )
            return None
        return int(value)

    def _text(self, value: Any) -> str:
        """The Vietnamese text of a label or hint (see ``columns``)."""
        if not isinstance(value, Mapping):
            return "" if value is None else str(value)
        for language, text in value.items():
            if is_vietnamese(str(language)):
                return str(text)
        for key in (self.default_language, "default"):
            if key in value:
                return str(value[key])
        return str(next(iter(value.values()), ""))

    def _clean(self, value: Any, *, max_length: int, label: str) -> tuple[str, str | None]:
        """``value`` as free text, or the problem with it."""
        try:
            return clean_free_text(value, max_length=max_length, label=label), None
        except ValidationError as exc:
            return "", str(exc.messages[0])

    def _required(self, element: Mapping[str, Any], row: int | None) -> bool:
        value = str(element.get("bind", {}).get("required") or "").strip()
        if value.lower() in YES:
            return True
        if value.lower() not in NO:
            self.at_row(
                row,
                _("“required” must be yes or no, not “%(value)s”.") % {"value": value[:100]},
            )
        return False

    def _question(
        self, element: Mapping[str, Any], row: int | None, kind: str, content: int | None
    ) -> QuestionSpec | None:
        name = str(element.get("name", ""))
        label, problem = self._clean(
            self._text(element.get("label")),
            max_length=_max_length(Question, "label"),
            label=_("The question"),
        )
        if problem:
            self.at_row(row, problem)
        elif not label:
            self.at_row(row, _("question “%(name)s” has no label.") % {"name": name})
        hint, problem = self._clean(
            self._text(element.get("hint")),
            max_length=_max_length(Question, "hint"),
            label=_("The hint"),
        )
        if problem:
            self.at_row(row, problem)
        required = self._required(element, row)
        choices: tuple[ChoiceSpec, ...] = ()
        if kind in NUMBER_TYPES:
            question_kind = QuestionKind.NUMBER
        elif kind in TEXT_TYPES:
            question_kind = QuestionKind.TEXT
        elif kind in ("select one", "select all that apply"):
            list_name = str(element.get("list_name") or element.get("itemset") or "")
            if "choices" not in element:
                self.at_row(
                    row,
                    _("the choices of “%(name)s” must be on the choices sheet.") % {"name": name},
                )
                return None
            scale = kind == "select one" and self._is_scale(list_name, element["choices"])
            question_kind = (
                QuestionKind.SCALE
                if scale
                else QuestionKind.SINGLE
                if kind == "select one"
                else QuestionKind.MULTIPLE
            )
            choices = self._choices(list_name, element["choices"], scale=scale)
        else:
            self.at_row(
                row,
                _("question type “%(type)s” is not supported.") % {"type": kind},
            )
            return None
        return QuestionSpec(
            name=name,
            label=label,
            kind=question_kind.value,
            content=content,
            required=required,
            hint=hint,
            choices=choices,
        )

    def _is_scale(self, list_name: str, choices: list[Mapping[str, Any]]) -> bool:
        if list_name in self.lists_with_satisfied:
            return True
        names = {str(choice.get("name", "")) for choice in choices}
        return list_name == SCALE_LIST_NAME or names == SCALE_NAMES

    def _choices(
        self, list_name: str, choices: list[Mapping[str, Any]], *, scale: bool
    ) -> tuple[ChoiceSpec, ...]:
        marked = list_name in self.lists_with_satisfied
        specs = []
        for choice in choices:
            name = str(choice.get("name", ""))
            label, problem = self._clean(
                self._text(choice.get("label")),
                max_length=_max_length(Choice, "label"),
                label=_("The answer"),
            )
            if problem or not label:
                self.at_choice(
                    list_name,
                    name,
                    problem or _("answer “%(name)s” has no label.") % {"name": name},
                )
            satisfied = False
            if scale and marked:
                value = str(choice.get(SATISFIED_COLUMN) or "").strip().lower()
                satisfied = value in YES
                if value not in YES and value not in NO:
                    self.at_choice(
                        list_name,
                        name,
                        _("“%(column)s” must be yes or no, not “%(value)s”.")
                        % {"column": SATISFIED_COLUMN, "value": value[:100]},
                    )
            elif scale:
                satisfied = name in SCALE_SATISFIED
            specs.append(ChoiceSpec(name=name, label=label, satisfied=satisfied))
        return tuple(specs)

    # -- the survey's rules -----------------------------------------------------------------

    def _check(self, specs: list[QuestionSpec]) -> None:
        rows: dict[str, deque[int]] = defaultdict(deque)
        for number, cells in enumerate(self.sheets[SURVEY].rows, start=2):
            if cells.get("name"):
                rows[cells["name"]].append(number)
        seen: set[str] = set()
        for spec in specs:
            row = rows[spec.name].popleft() if rows.get(spec.name) else None
            if spec.name in seen:
                self.at_row(
                    row,
                    _("the name “%(name)s” is used by two questions.") % {"name": spec.name},
                )
            seen.add(spec.name)
            try:
                check_specs([spec], contents=self.contents)
            except ValidationFailed as exc:
                self.at_row(row, exc.message)
        if not self.problems:
            try:
                check_specs(specs, contents=self.contents)
            except ValidationFailed as exc:
                self.problems.append(exc.message)


def read_xlsform(data: bytes, *, contents: set[int] | None) -> XlsForm:
    """The questions and settings of the XLSForm workbook ``data``, checked against the
    criterion numbers ``contents`` (None: any). ``XlsFormInvalid`` lists every problem with its
    row; ``ValidationFailed`` for a file that is empty, too large or no workbook."""
    return _Reader(data, contents).read()
