"""The demo province's dashboard and exports show the seed article's 2023 figures on its day
(01/06/2023)."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from smartrural.accounts.models import Role, User
from smartrural.accounts.services import user_create
from smartrural.geo.models import AdministrativeUnit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2023")]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="smartrural.accounts.backends.UsernameOrEmailBackend")
    client.cookies["django_language"] = "en"
    return client


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.decode())))


class DemoDashboardTests:
    def test_figures_drill_down_and_district_scope(self) -> None:
        province = client_for(user_create(username="p", role=Role.PROVINCE_OFFICE, units=[]))
        text = text_of(province.get("/dashboard/?year=2023").content)
        assert "82/85 communes meeting the NTM standard" in text
        assert "27 communes meeting the advanced NTM standard" in text
        assert (
            "6/9 district-level units meeting the NTM standard or completing the NTM task" in text
        )
        assert "2 meet every criterion and condition, not yet recognised" in text
        assert "3 communes meet every criterion, not yet recognised" in text

        district = province.get("/dashboard/?unit=849&year=2023")
        assert "12/15 communes meeting the NTM standard" in text_of(district.content)
        assert b'href="/dashboard/unit/29479/QD318-XA/2023/"' in district.content
        commune = province.get("/dashboard/unit/29479/QD318-XA/2023/")
        assert "19 of 19 criteria met" in text_of(commune.content)

        tra_cu = AdministrativeUnit.objects.get(code="849", level="district")
        officer = client_for(user_create(username="d", role=Role.DISTRICT_OFFICER, units=[tra_cu]))
        own = officer.get("/dashboard/?year=2023")
        assert own.context["data"].unit.code == "849"
        assert officer.get("/dashboard/?unit=844&year=2023").status_code == 404
        assert officer.get("/dashboard/unit/29269/QD318-XA/2023/").status_code == 404

    def test_excel_and_pdf_exports_hold_the_counts(self) -> None:
        client = client_for(user_create(username="p", role=Role.PROVINCE_OFFICE, units=[]))

        response = client.get("/dashboard/export.xlsx?year=2023")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        headline = [list(r) for r in book["Headline counts"].iter_rows(values_only=True)]
        assert ["Communes meeting the NTM standard", 82, 85, 3, 3] in headline
        districts = "District-level units meeting the NTM standard or completing the NTM task"
        assert [districts, 6, 9, 2, 2] in headline
        by_unit = [r[1] for r in book["By unit"].iter_rows(values_only=True)]
        assert "Huyện Trà Cú" in by_unit

        response = client.get("/dashboard/export.pdf?year=2023")
        assert response["Content-Type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Communes meeting the NTM standard 82 85" in text
        assert "Huyện Trà Cú" in text
