"""The XLSForm pages: upload a form into a draft survey (problems listed by row, 422, nothing
changed), download a survey's form (a file that imports back into the same questions)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from smartrural.core.exports import XLSX
from smartrural.testing import Personas

from ..models import Question, Survey
from ..services.surveys import survey_create, survey_form_replace
from ..specs import QuestionSpec, scale_choices
from ..xlsform import read_xlsform
from .factories import households
from .test_xlsform import KOBO_QUESTIONS
from .xlsform_fixtures import KOBO_FILE, workbook

pytestmark = pytest.mark.django_db

EXISTING = [
    QuestionSpec(name="c1", label="Hài lòng về nội dung 1", kind="scale", choices=scale_choices())
]


@pytest.fixture
def survey(personas: Personas) -> Survey:
    survey = survey_create(
        unit=personas.commune_a_unit,
        year=2023,
        title="Khảo sát <b>2023</b>",
        organiser="Ủy ban MTTQ Việt Nam xã",
        opens_on=dt.date(2023, 5, 1),
        closes_on=dt.date(2023, 6, 30),
        by=personas.commune_a,
    )
    survey_form_replace(survey=survey, specs=EXISTING, by=personas.commune_a)
    return survey


def import_url(survey: Survey) -> str:
    return reverse("surveys:xlsform-import", args=[survey.pk])


def officer(personas: Personas, persona: str = "commune_a") -> Client:
    """``persona``'s client, its pages in English."""
    client = personas.client(getattr(personas, persona))
    client.cookies["django_language"] = "en"
    return client


def upload(client: Client, survey: Survey, data: bytes, name: str = "form.xlsx") -> Any:
    return client.post(
        import_url(survey), {"file": SimpleUploadedFile(name, data, content_type=XLSX)}
    )


def names(survey: Survey) -> list[str]:
    return list(Question.objects.filter(survey=survey).values_list("name", flat=True))


class ImportPageTests:
    def test_a_form_from_kobotoolbox_replaces_the_questions(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas)
        response = upload(client, survey, KOBO_FILE.read_bytes(), "kobo.xlsx")
        assert response.status_code == 302
        assert response["Location"] == import_url(survey)
        assert names(survey) == [q.name for q in KOBO_QUESTIONS]
        page = client.get(import_url(survey))
        assert page.status_code == 200
        html = page.content.decode()
        assert "7 questions imported from “Khảo sát sự hài lòng 2023”." in html
        assert "Ông/bà có hài lòng với đường giao thông của xã?" in html
        assert html.count('<tr data-question="') == len(KOBO_QUESTIONS)

    def test_problems_are_listed_by_row_with_422_and_nothing_changes(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas)
        bad = workbook(
            [
                ["text", "ok", "Câu hỏi đúng"],
                ["geopoint", "vi_tri", "Vị trí"],
                ["image", "anh", "Ảnh nhà"],
            ]
        )
        response = upload(client, survey, bad)
        assert response.status_code == 422
        html = response.content.decode()
        problems = re.findall(r"<li>(Row \d+: [^<]*)</li>", html)
        assert [p.split(":")[0] for p in problems] == ["Row 3", "Row 4"]
        assert "question type “geopoint” is not supported" in problems[0]
        assert "The workbook has 2 problems; nothing was imported." in html
        assert names(survey) == ["c1"]

    def test_a_syntax_error_is_shown_with_its_row(self, personas: Personas, survey: Survey) -> None:
        client = officer(personas)
        response = upload(client, survey, workbook([["select_one missing_list", "q", "Q"]]))
        assert response.status_code == 422
        assert re.search(r"<li>Row 2: [^<]*missing_list", response.content.decode())
        assert names(survey) == ["c1"]

    def test_a_file_that_is_no_workbook_is_refused_on_the_field(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas)
        response = upload(client, survey, b"type,name,label\ntext,a,A\n", "form.csv")
        assert response.status_code == 422
        assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()
        assert names(survey) == ["c1"]

    def test_an_oversized_upload_is_refused_unread(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas)
        with mock.patch("smartrural.surveys.views.xlsform.MAX_BYTES", 1000):
            response = upload(client, survey, KOBO_FILE.read_bytes())
        assert response.status_code == 422
        assert "An XLSForm file is at most" in response.content.decode()
        assert names(survey) == ["c1"]

    def test_an_empty_post_asks_for_the_file(self, personas: Personas, survey: Survey) -> None:
        client = officer(personas)
        assert client.post(import_url(survey)).status_code == 422
        assert names(survey) == ["c1"]

    def test_an_open_survey_keeps_its_questions(self, personas: Personas, survey: Survey) -> None:
        Survey.objects.filter(pk=survey.pk).update(status="open")
        client = officer(personas)
        assert "xlsform/export/" in client.get(import_url(survey)).content.decode()
        response = upload(client, survey, KOBO_FILE.read_bytes())
        assert response.status_code == 409
        assert names(survey) == ["c1"]

    def test_a_failure_while_storing_leaves_the_old_questions(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas)
        with (
            mock.patch(
                "smartrural.surveys.services.surveys.Choice.objects.bulk_create",
                side_effect=RuntimeError("disk full"),
            ),
            pytest.raises(RuntimeError),
        ):
            upload(client, survey, KOBO_FILE.read_bytes())
        assert names(survey) == ["c1"]

    def test_user_text_is_escaped(self, personas: Personas, survey: Survey) -> None:
        client = officer(personas)
        upload(client, survey, workbook([["text", "q", "<script>alert(1)</script>"]]))
        html = client.get(import_url(survey)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Khảo sát &lt;b&gt;2023&lt;/b&gt;" in html

    def test_a_reader_cannot_import(self, personas: Personas, survey: Survey) -> None:
        client = officer(personas, "viewer_a")
        assert client.get(import_url(survey)).status_code == 403
        assert upload(client, survey, KOBO_FILE.read_bytes()).status_code == 403
        assert names(survey) == ["c1"]

    def test_an_officer_of_another_commune_gets_404(
        self, personas: Personas, survey: Survey
    ) -> None:
        client = officer(personas, "commune_b")
        assert upload(client, survey, KOBO_FILE.read_bytes()).status_code == 404
        assert names(survey) == ["c1"]


class ExportTests:
    def test_a_reader_downloads_a_form_that_imports_back(
        self, personas: Personas, survey: Survey
    ) -> None:
        survey_form_replace(survey=survey, specs=KOBO_QUESTIONS, by=personas.commune_a)
        client = officer(personas, "viewer_a")
        response = client.get(reverse("surveys:xlsform-export", args=[survey.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert response["Content-Disposition"] == (
            f'attachment; filename="khao-sat-{survey.pk}-2023-xlsform.xlsx"'
        )
        assert read_xlsform(response.content, contents=None).questions == KOBO_QUESTIONS

    def test_the_file_holds_no_household_data(self, personas: Personas, survey: Survey) -> None:
        households(personas.hamlet_a_unit, 3)
        client = officer(personas)
        response = client.get(reverse("surveys:xlsform-export", args=[survey.pk]))
        book = load_workbook(io.BytesIO(response.content))
        cells = [
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        ]
        assert "Hài lòng về nội dung 1" in cells
        assert not [cell for cell in cells if "Chủ hộ" in cell or cell == "Ấp"]
