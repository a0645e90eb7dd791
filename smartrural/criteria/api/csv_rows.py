"""Data value sets as CSV: the pattern a body must match (published in the OpenAPI) and the
rows read from it."""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import unescape

from ..services import ValueRow

CSV_TYPE = "text/csv"

# The CSV a client sends: a header naming indicator,value,comment (an export's
# orgUnit,period,indicator,value,comment comes back as it is), each optionally followed by a
# version column, then one row per value; fields may be quoted ("85,2"). Each row is checked
# like a JSON value (409 with every conflict).
_FIELD = r'(?:[^,"\r\n]*|"(?:[^"]|"")*")'


_VERSION_FIELD = r'(?:[0-9]{0,10}|"[0-9]{0,10}")'
_VERSION_TEXT = re.compile(r"[0-9]{1,10}")


def _rows(header: str) -> str:
    fields = [_VERSION_FIELD if name == "version" else _FIELD for name in header.split(",")]
    return r"(?:\r?\n" + ",".join(fields) + ")*"


CSV_PATTERN = (
    r"^\ufeff?(?:"
    + "|".join(
        header + _rows(header)
        for header in (
            "indicator,value,comment",
            "indicator,value,comment,version",
            "orgUnit,period,indicator,value,comment",
            "orgUnit,period,indicator,value,comment,version",
        )
    )
    + r")(?:\r?\n)?$"
)
_CSV_COLUMNS = ("indicator", "value", "comment")
CSV_EXPORT_COLUMNS = ("orgUnit", "period", *_CSV_COLUMNS)
_CSV_HEADERS = (
    _CSV_COLUMNS,
    (*_CSV_COLUMNS, "version"),
    CSV_EXPORT_COLUMNS,
    (*CSV_EXPORT_COLUMNS, "version"),
)


def _csv_refused(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="body")


def rows_from_csv(
    body: bytes, *, org_unit: str, period: str
) -> tuple[list[ValueRow], list[dict[str, str]]]:
    """The rows of a CSV body, and the conflicts of rows naming another unit or period.
    ``ValidationFailed`` when the file is not such a CSV."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _csv_refused(_("The CSV file must be UTF-8 text.")) from exc
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _csv_refused(_("The CSV file cannot be read: %(reason)s.") % {"reason": exc}) from exc
    header = tuple(lines[0]) if lines else ()
    if header not in _CSV_HEADERS:
        raise _csv_refused(
            _(
                "The CSV header must be indicator,value,comment (or an export's "
                "orgUnit,period,indicator,value,comment), optionally followed by version."
            )
        )
    rows: list[ValueRow] = []
    conflicts: list[dict[str, str]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) != len(header):
            raise _csv_refused(
                _("Row %(row)s has %(found)s fields, not %(expected)s.")
                % {"row": number, "found": len(cells), "expected": len(header)}
            )
        line = dict(zip(header, cells, strict=True))
        # A file exported with orgUnit/period columns may come back: they must match the query.
        for column, expected in (("orgUnit", org_unit), ("period", period)):
            if column in line and line[column].strip() != expected:
                conflicts.append(
                    {
                        "indicator": line["indicator"].strip(),
                        "value": line["value"],
                        "message": _(
                            "Row of indicator %(code)s has %(column)s %(value)s, not %(expected)s."
                        )
                        % {
                            "code": line["indicator"].strip(),
                            "column": column,
                            "value": line[column].strip(),
                            "expected": expected,
                        },
                    }
                )
        version = line.get("version", "").strip()
        if version and not _VERSION_TEXT.fullmatch(version):
            raise _csv_refused(
                _("Row of indicator %(code)s: the version must be a whole number, not %(value)s.")
                % {"code": line["indicator"].strip(), "value": version[:20]}
            )
        # A file we exported comes back with its escaped texts ('=x): read them as they were.
        rows.append(
            ValueRow(
                line["indicator"].strip(),
                unescape(line["value"].strip()),
                unescape(line["comment"]),
                int(version) if version else None,
            )
        )
    return rows, conflicts
