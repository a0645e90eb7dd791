"""The raw answers of a survey, one row per response, streamed: a number given in the random
order of the responses' ids, the hamlet, the channel, the day, then one column per question
(the choices' labels, "; " between a multiple choice's; the number; the text).

Nothing of the household is in it: a response does not know its household (``models``). Rows
are read from the database in chunks (``iterator(chunk_size=…)``) and written one by one, so
memory stays flat however many answers there are: as CSV lines streamed to the client, or as a
workbook written in openpyxl's write-only mode to a temporary file that is then served. A
response without any answer (every question optional and left blank) has no row.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from smartrural.core.exports import escape

from .models import Answer, Channel, SampleFrame, Survey

CHUNK = 2000
FIXED_COLUMNS = 4


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def answer_rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then one row per response (see the module's text)."""
    questions = list(survey.questions.prefetch_related("choices"))
    column = {q.pk: FIXED_COLUMNS + index for index, q in enumerate(questions)}
    labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    hamlets = dict(
        SampleFrame.objects.filter(survey=survey).values_list("hamlet_id", "hamlet__name")
    )
    channels = {value: str(label) for value, label in Channel.choices}
    yield [_("Response"), _("Hamlet"), _("Channel"), _("Day"), *(q.name for q in questions)]
    found = (
        Answer.objects.filter(survey=survey)
        .order_by("response_id", "pk")
        .values_list(
            "response_id",
            "hamlet_id",
            "response__channel",
            "response__received_on",
            "question_id",
            "choice_id",
            "number",
            "text",
        )
        .iterator(chunk_size=CHUNK)
    )
    current = None
    row: list[Any] = []
    count = 0
    for response_id, hamlet_id, channel, day, question_id, choice_id, number, text in found:
        if response_id != current:
            if row:
                yield row
            count += 1
            current = response_id
            row = [count, hamlets.get(hamlet_id, ""), channels.get(channel, channel)]
            row += [day.strftime("%d/%m/%Y"), *([""] * len(questions))]
        if choice_id is not None:
            value = labels.get(choice_id, "")
        elif number is not None:
            value = _number(number)
        else:
            value = text
        index = column[question_id]
        row[index] = f"{row[index]}; {value}" if row[index] else value
    if row:
        yield row


class _Echo:
    """A file that hands back what is written (``csv.writer`` into a streamed response)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list[Any]]) -> Iterator[str]:
    """``rows`` as CSV lines, every cell escaped (no formula), after a byte-order mark so
    Excel reads the Vietnamese text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([escape(cell) for cell in row])


def xlsx_file(rows: Iterator[list[Any]]) -> IO[bytes]:
    """``rows`` as a workbook in a temporary file (openpyxl's write-only mode keeps no cell in
    memory), every cell escaped; the file is rewound, and removed once closed."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Answers"))
    for row in rows:
        sheet.append([escape(cell) for cell in row])
    # Handed to the response, which closes (and so removes) it once sent: no ``with``.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out
