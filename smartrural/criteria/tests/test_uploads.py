"""Evidence files: accepted by content and size, kept with who/when, downloaded through a gate."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from smartrural.core.tests import bombs
from smartrural.core.uploads import DOCX, PDF, PNG, XLS, sniff
from smartrural.criteria.models import Evidence, IndicatorValue
from smartrural.testing import Personas

from .factories import stored_set

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture
def value(personas: Personas, settings: Any, tmp_path: Path) -> IndicatorValue:
    settings.MEDIA_ROOT = tmp_path
    criteria_set = stored_set()
    return IndicatorValue.objects.create(
        unit=personas.commune_a_unit,
        criteria_set=criteria_set,
        year=2023,
        indicator_code="3.1",
        value="85",
        number=85,
    )


def en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


URL = "/criteria/T-XA/2023/29479/3.1/evidence/"


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


class SniffTests:
    @pytest.mark.parametrize(
        ("name", "content", "kind"),
        [
            ("a.pdf", PDF_BYTES, PDF),
            ("a.png", PNG_BYTES, PNG),
            ("a.docx", docx_bytes(), DOCX),
            ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16, XLS),
            ("a.pdf", b"just text", None),
            ("a.docx", b"PK\x03\x04 not really a zip", None),
        ],
    )
    def test_it_judges_by_content(self, name: str, content: bytes, kind: object) -> None:
        assert sniff(io.BytesIO(content), name) == kind


class EvidenceUploadTests:
    def test_officer_adds_a_pdf_and_downloads_it_back(
        self, personas: Personas, value: IndicatorValue
    ) -> None:
        client = en(personas.client(personas.commune_a))
        response = upload(client, "bien-ban.pdf", PDF_BYTES)
        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert evidence.content_type == "application/pdf"
        assert evidence.history.first().history_user == personas.commune_a
        page = client.get("/criteria/T-XA/2023/29479/").content.decode()
        download = f"/criteria/T-XA/2023/29479/3.1/evidence/{evidence.pk}/"
        assert "bien-ban.pdf" in page and download in page
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
        assert "attachment" in response["Content-Disposition"]

    def test_download_from_another_commune_is_404(
        self, personas: Personas, value: IndicatorValue
    ) -> None:
        upload(en(personas.client(personas.commune_a)), "bien-ban.pdf", PDF_BYTES)
        evidence = Evidence.objects.get()
        other = personas.client(personas.commune_b)
        assert other.get(f"{URL}{evidence.pk}/").status_code == 404

    def test_text_file_named_pdf_is_refused(
        self, personas: Personas, value: IndicatorValue
    ) -> None:
        response = upload(en(personas.client(personas.commune_a)), "fake.pdf", b"hello there")
        assert response.status_code == 422
        assert "is not a PDF, JPEG, PNG, Word or Excel file" in response.content.decode()
        assert Evidence.objects.count() == 0

    def test_image_named_as_pdf_is_refused(self, personas: Personas, value: IndicatorValue) -> None:
        response = upload(en(personas.client(personas.commune_a)), "photo.pdf", PNG_BYTES)
        assert response.status_code == 422
        assert "holds a PNG file" in response.content.decode()

    def test_file_over_the_size_limit_is_refused(
        self, personas: Personas, value: IndicatorValue, settings: Any
    ) -> None:
        settings.EVIDENCE_MAX_BYTES = 20
        response = upload(en(personas.client(personas.commune_a)), "big.pdf", PDF_BYTES)
        assert response.status_code == 422
        assert "files may be at most 20" in response.content.decode()
        assert Evidence.objects.count() == 0

    def test_an_image_bomb_is_refused_beside_the_file_field(
        self, personas: Personas, value: IndicatorValue
    ) -> None:
        bomb = bombs.png_header(100_000, 100_000)
        response = upload(en(personas.client(personas.commune_a)), "anh.png", bomb)
        assert response.status_code == 422
        errors = " ".join(response.context["form"].errors["file"])
        assert "has more than 50,000,000 pixels" in errors
        assert not Evidence.objects.exists()

    def test_word_document_is_accepted(self, personas: Personas, value: IndicatorValue) -> None:
        response = upload(personas.client(personas.commune_a), "report.docx", docx_bytes())
        assert response.status_code == 302
        assert Evidence.objects.get().content_type == DOCX.content_type

    def test_viewer_cannot_upload(self, personas: Personas, value: IndicatorValue) -> None:
        response = upload(personas.client(personas.viewer_a), "bien-ban.pdf", PDF_BYTES)
        assert response.status_code == 403
        assert Evidence.objects.count() == 0
