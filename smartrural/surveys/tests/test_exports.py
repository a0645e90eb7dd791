"""The results as .xlsx and .pdf, and the raw answers streamed as CSV: what is in them, what is
never in them (households), and no formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from smartrural.testing import Personas

from ..models import Survey
from .factories import households, open_survey
from .results_support import NO, VERY, YES, answer, scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas: Personas) -> Survey:
    households(personas.hamlet_a_unit, 5)
    survey = open_survey(personas.commune_a_unit, by=personas.commune_a)
    answer(
        survey,
        personas.hamlet_a_unit,
        [
            scale(YES, VERY, y_kien='=HYPERLINK("http://x")'),
            scale(NO, YES, y_kien="Ông Năm: đèn đường hư"),
            scale(YES, YES),
        ],
    )
    return survey


def csv_rows(personas: Personas, survey: Survey) -> list[list[str]]:
    response = personas.client(personas.commune_a).get(f"/surveys/work/{survey.pk}/answers.csv")
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class AnswersExportTests:
    def test_one_row_per_response_with_a_column_per_question(
        self, survey: Survey, personas: Personas
    ) -> None:
        rows = csv_rows(personas, survey)
        assert rows[0][4:] == ["c1", "c2", "y_kien"]
        body = rows[1:]
        assert len(body) == 3
        assert sorted(int(r[0]) for r in body) == [1, 2, 3]
        assert {r[1] for r in body} == {"Ấp Chợ"}
        assert {r[3] for r in body} == {"01/05/2023"}
        labels = dict(survey.questions.get(name="c1").choices.values_list("name", "label"))
        assert sorted(r[4] for r in body) == sorted([labels[YES], labels[NO], labels[YES]])

    def test_text_answers_are_there_but_never_as_a_formula(
        self, survey: Survey, personas: Personas
    ) -> None:
        comments = {r[6] for r in csv_rows(personas, survey)[1:]}
        assert "Ông Năm: đèn đường hư" in comments
        assert '\'=HYPERLINK("http://x")' in comments

    def test_no_household_data_is_in_it(self, survey: Survey, personas: Personas) -> None:
        text = "\n".join(",".join(r) for r in csv_rows(personas, survey))
        assert "Chủ hộ" not in text
        for code in survey.members.values_list("code", flat=True):
            assert code not in text

    def test_a_survey_without_answers_gives_the_header_only(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 2)
        empty = open_survey(personas.commune_a_unit)
        assert len(csv_rows(personas, empty)) == 1


class AnswersWorkbookTests:
    def test_the_workbook_has_the_same_rows_as_the_csv_without_formulas(
        self, survey: Survey, personas: Personas
    ) -> None:
        client = personas.client(personas.viewer_a)
        response = client.get(f"/surveys/work/{survey.pk}/answers.xlsx")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        rows = [
            [("" if c is None else str(c)) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        assert rows[0][4:] == ["c1", "c2", "y_kien"]
        assert len(rows) == 4
        comments = {r[6] for r in rows[1:]}
        assert '\'=HYPERLINK("http://x")' in comments
        assert "Ông Năm: đèn đường hư" in comments
        assert not any("Chủ hộ" in cell for row in rows for cell in row)


class ResultsWorkbookTests:
    def test_the_workbook_has_the_rules_contents_and_hamlets(
        self, survey: Survey, personas: Personas
    ) -> None:
        response = personas.client(personas.viewer_a).get(f"/surveys/work/{survey.pk}/results.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert len(book.sheetnames) == 5  # a commune's: no sheet of communes
        cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
        joined = "\n".join(cells)
        assert "Ấp Chợ" in joined
        assert "Ông Năm" not in joined and "HYPERLINK" not in joined
        assert "Chủ hộ" not in joined
        assert not any(value.startswith("=") for value in cells)

    def test_the_pdf_is_a_pdf(self, survey: Survey, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get(f"/surveys/work/{survey.pk}/results.pdf")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
