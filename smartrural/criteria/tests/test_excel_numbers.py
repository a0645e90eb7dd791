"""The Excel template as the entry page: one threshold provenance, numbers with a decimal comma
(and read back as they were written)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from smartrural.criteria.excel import FIRST_ROW
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.testing import Personas

from .factories import stored_set

pytestmark = pytest.mark.django_db

BASE = "/criteria/T-XA/2023/29479"


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def rows(content: bytes) -> dict[str, list[object]]:
    ws = load_workbook(io.BytesIO(content))["29479"]
    return {
        str(ws[f"A{r}"].value): [c.value for c in ws[r]] for r in range(FIRST_ROW, ws.max_row + 1)
    }


def test_thresholds_carry_one_provenance_and_numbers_a_decimal_comma(
    personas: Personas, criteria_set: CriteriaSet
) -> None:
    client = personas.client(personas.commune_a)
    saved = client.post(BASE + "/", {"value_3.1": "79,9", "version_3.1": "0", "action": "save"})
    assert saved.status_code == 302
    content = client.get(BASE + "/template.xlsx").content
    by_code = rows(content)
    irrigation = " ".join(str(v) for v in by_code["3.1"] if v is not None)
    income = " ".join(str(v) for v in by_code["10.1"] if v is not None)
    assert "≥ 80%" in irrigation and "Ngưỡng quốc gia, đã xác nhận" in irrigation
    assert "79,9" in irrigation and "79.9" not in irrigation
    assert "Giá trị tạm của tỉnh, chưa xác nhận" in income
    assert "quốc gia" not in income.lower()

    # sent back as downloaded: "79,9" reads as the stored 79.9, nothing changes
    version = IndicatorValue.objects.get(indicator_code="3.1").version
    upload = SimpleUploadedFile("filled.xlsx", content)
    response = client.post(BASE + "/upload/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    row = IndicatorValue.objects.get(indicator_code="3.1")
    assert (row.value, row.version) == ("79.9", version)
