"""The sheets of an uploaded XLSForm, read within limits as pyxform's own reader would read them.

The file is opened only through ``core.spreadsheets`` (its limits on the archive, the XML and
the cells hold before anything is parsed); pyxform never opens an upload itself. Its ``survey``,
``choices`` and ``settings`` sheets (by name, in any case) become rows of header → text, as
pyxform's ``xlsx_to_dict`` makes them, empty rows kept so that pyxform's row numbers are the
sheet's. Other sheets (``entities``, ``external_choices``, notes of the author) are not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from pyxform import constants as pyxform_constants
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_excel_column_headers, is_empty, xlsx_value_to_str

from smartrural.core.errors import ValidationFailed
from smartrural.core.spreadsheets import Sheet, read_workbook

from ..specs import MAX_CHOICES, MAX_QUESTIONS

# A form of 200 questions with their lists is a few tens of KB; pictures inside are not read.
MAX_BYTES = 2 * 1024 * 1024
# Bounds on what pyxform is given (it takes ~3 s for a form at the bounds of ``specs``: 200
# questions of 50 answers each): a survey sheet has questions, groups, notes and metadata rows.
MAX_ROWS = {"survey": 4 * MAX_QUESTIONS, "choices": MAX_QUESTIONS * MAX_CHOICES, "settings": 10}
SURVEY = pyxform_constants.SURVEY
CHOICES = pyxform_constants.CHOICES
SHEETS = (SURVEY, CHOICES, pyxform_constants.SETTINGS)


class XlsFormInvalid(ValidationFailed):
    """The workbook is no form we can import; ``problems`` lists each, with its row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems), field="file")
        self.problems = problems


@dataclass(frozen=True)
class Rows:
    """A sheet's rows as pyxform's .xlsx reader makes them: header → text, row 2 first."""

    rows: list[dict[str, str]]
    header: list[str]

    def numbered(self) -> list[tuple[int, dict[str, str]]]:
        """Each row with its number in the sheet."""
        return list(enumerate(self.rows, start=2))


def sheet_rows(sheet: Sheet) -> Rows:
    """``sheet`` as pyxform's ``xlsx_to_dict`` reads one (stripped text cells, ``TRUE`` for
    true, whole numbers without ``.0``), keeping empty rows so that row numbers match."""
    if not sheet.rows:
        return Rows([], [])
    first = [None if is_empty(v) else str(v) for v in sheet.rows[0]]
    headers = get_excel_column_headers(first)
    rows: list[dict[str, str]] = []
    for cells in sheet.rows[1:]:
        row: dict[str, str] = {}
        for index, key in enumerate(headers):
            if key is None or index >= len(cells):
                continue
            value = cells[index].strip() if isinstance(cells[index], str) else cells[index]
            if not is_empty(value):
                row[key] = xlsx_value_to_str(value)
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return Rows(rows, [key for key in headers if key is not None])


def load_sheets(data: bytes) -> dict[str, Rows]:
    """The XLSForm sheets of the workbook ``data`` by name (``survey`` always among them).
    ``ValidationFailed`` for a file that is empty, too large or no workbook (see
    ``core.spreadsheets``); ``XlsFormInvalid`` for a workbook that is no XLSForm."""
    if not data:
        raise ValidationFailed(_("The file is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise ValidationFailed(
            _("An XLSForm file is at most %(size)s MB.") % {"size": MAX_BYTES // 2**20},
            field="file",
        )
    sheets: dict[str, Rows] = {}
    for sheet in read_workbook(data):
        name = sheet.title.strip().lower()
        if name in SHEETS and name not in sheets:
            try:
                sheets[name] = sheet_rows(sheet)
            except PyXFormError as exc:  # a column header twice
                raise XlsFormInvalid(
                    [_("Sheet “%(sheet)s”: %(problem)s") % {"sheet": name, "problem": exc}]
                ) from exc
    for name, rows in sheets.items():
        if len(rows.rows) > MAX_ROWS[name]:
            raise XlsFormInvalid(
                [
                    _("Sheet “%(sheet)s” has more than %(max)s rows: it is not a survey's form.")
                    % {"sheet": name, "max": MAX_ROWS[name]}
                ]
            )
    if SURVEY not in sheets:
        raise XlsFormInvalid([_("The workbook has no sheet named “survey”: it is not an XLSForm.")])
    return sheets
