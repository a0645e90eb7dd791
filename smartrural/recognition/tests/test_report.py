"""The criterion report PDF: generated from the evaluation, Vietnamese diacritics intact."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from smartrural.recognition.models import DossierDocument
from smartrural.recognition.report import report_pdf
from smartrural.testing import Personas

from .pages_support import en_client, met_set, register


@pytest.fixture(autouse=True)
def _media_and_language(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):  # pages activate the cookie's language: restore after
        yield


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


class CriterionReportTests:
    def test_the_pdf_names_the_unit_with_diacritics_and_each_criterion(
        self, personas: Personas
    ) -> None:
        dossier = register(personas, met_set(personas))
        with translation.override("vi"):
            pdf = report_pdf(dossier)
        assert pdf is not None and pdf.startswith(b"%PDF")
        text = text_of(pdf)
        assert "Xã Ngãi Xuyên" in text
        assert "Thủy lợi" in text
        assert "QĐ 318/QĐ-TTg" in text
        assert "3.1" in text and "85%" in text

    def test_it_is_served_to_the_units_readers(self, personas: Personas) -> None:
        dossier = register(personas, met_set(personas))
        with translation.override("en"):
            response = en_client(personas, personas.viewer_a).get(
                f"/dossiers/{dossier.pk}/report.pdf"
            )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = text_of(response.content)
        assert "Criterion 3: Thủy lợi" in text
        assert "4 of 4 criteria met" in text

    def test_a_unit_officer_attaches_it_as_the_criterion_report(self, personas: Personas) -> None:
        dossier = register(personas, met_set(personas))
        response = en_client(personas, personas.commune_a).post(
            f"/dossiers/{dossier.pk}/report/attach/"
        )
        assert response.status_code == 302
        document = DossierDocument.objects.get(dossier=dossier)
        assert document.kind == "criterion_report"
        assert document.file.read().startswith(b"%PDF")
