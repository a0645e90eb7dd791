"""The shared writer of exported cells: OWASP's payloads become text, typed values stay typed,
and what is escaped is read back as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from smartrural.core.exports import append_row, csv_writer, escape, unescape, write_cell

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"x")',
    '@DDE("cmd";"/C calc";"x")',
    "-",
    "=",
]
HARMLESS = ["Xã Ngãi Xuyên", "", "a=b", "1+1", " =1", "'quoted'", "#N/A", "Ấp 3 - Trà Cú"]
NUMBERS = ["-3", "+84", "-12,5", "1.000.000", "-0.5"]


class EscapeTests:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_formula_like_text_gets_a_leading_quote(self, payload: str) -> None:
        assert escape(payload) == "'" + payload

    @pytest.mark.parametrize("text", HARMLESS + NUMBERS)
    def test_other_text_and_plain_numbers_are_unchanged(self, text: str) -> None:
        assert escape(text) == text

    @pytest.mark.parametrize(
        "value", [3, -3, 2.5, Decimal("-1.5"), True, None, dt.date(2023, 5, 1)]
    )
    def test_values_that_are_not_text_stay_typed(self, value: object) -> None:
        assert escape(value) is value

    def test_text_already_starting_with_quotes_gets_one_more_when_formula_like(self) -> None:
        assert escape("'=1+1") == "''=1+1"
        assert escape("''@SUM(1)") == "'''@SUM(1)"
        assert escape("'-3") == "'-3"

    def test_lazy_translations_are_written_as_text(self) -> None:
        with translation.override("vi"):
            assert escape(gettext_lazy("Year")) == "Năm"

    @pytest.mark.parametrize("text", PAYLOADS + HARMLESS + NUMBERS + ["'=1+1", "''-1+1", "'"])
    def test_unescape_gives_back_what_escape_was_given(self, text: str) -> None:
        assert unescape(escape(text)) == text

    def test_unescape_leaves_a_quote_that_protects_nothing(self) -> None:
        assert unescape("'abc") == "'abc"
        assert unescape("'-3") == "'-3"


class WorkbookTests:
    def test_every_cell_written_is_data(self) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        append_row(sheet, ["Heading"])
        append_row(sheet, [])
        append_row(sheet, [*PAYLOADS, 5, dt.date(2023, 5, 1), "#N/A", "tab\x1bescape\x00"])
        write_cell(sheet, 5, 2, "=SUM(A1:A3)")
        out = io.BytesIO()
        book.save(out)
        read = load_workbook(io.BytesIO(out.getvalue())).active
        assert read is not None
        assert read["A1"].value == "Heading" and read["A2"].value is None
        row = [c.value for c in read[3]]
        assert all(c.data_type != "f" for r in read.iter_rows() for c in r)
        # A carriage return is written as the line feed XML reads it as: no trigger any more.
        expected = ["'" + p if p != "\r=1" else "\n=1" for p in PAYLOADS]
        assert row[: len(PAYLOADS)] == expected
        assert row[len(PAYLOADS) :] == [5, dt.datetime(2023, 5, 1), "#N/A", "tabescape"]
        assert read["C3"].data_type == "s"
        assert read.cell(row=3, column=len(PAYLOADS) + 3).data_type == "s"  # not an error value
        assert read["B5"].value == "'=SUM(A1:A3)" and read["B5"].data_type == "s"


class CsvTests:
    def test_every_field_is_escaped_and_numbers_stay(self) -> None:
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(["orgUnit", "value", "comment"])
        writer.writerows([["29479", -3, payload] for payload in PAYLOADS])
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        assert rows[0] == ["orgUnit", "value", "comment"]
        assert [r[2] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
        assert {r[1] for r in rows[1:]} == {"-3"}
