"""Comments of indicator values with hostile text, through every transport: the entry page, the
JSON API, the CSV import. Each is refused saying what is wrong; nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.testing import Personas, posted_form

from .factories import stored_set

ENTRY = "/criteria/T-XA/2023/29479/"
API = "/api/v1/dataValueSets"
CSV_API = "/api/v1/dataValueSets.csv?criteriaSet=T-XA&period=2023&orgUnit=29479"
BAD = [
    pytest.param("Đo đạc\x00 2023", "ký tự điều khiển (U+0000", id="nul"),
    pytest.param("\x1b]8;;http://x\x1b\\link", "ký tự điều khiển (U+001B", id="esc"),
    pytest.param("báo cáo\u202efdp.exe", "điều khiển hướng chữ (U+202E", id="bidi-override"),
    pytest.param("\u2068báo cáo\u2069", "điều khiển hướng chữ (U+2068", id="bidi-isolate"),
    pytest.param("x" * 5001, "5001 ký tự, tối đa 5000", id="too-long"),
]
LONGEST = "ữ" * 5000
GOOD = "Số liệu đo đạc năm 2023:\n\t- ấp Chợ: đạt\n\t- ấp Mới: chưa đạt 👨\u200d👩\u200d👧"


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def _stored_comment() -> str | None:
    row = IndicatorValue.objects.filter(indicator_code="3.1").first()
    return None if row is None else row.comment


def _json(personas: Personas, comment: Any) -> Any:
    body = {
        "criteriaSet": "T-XA",
        "period": "2023",
        "orgUnit": "29479",
        "dataValues": [{"indicator": "3.1", "value": "85", "comment": comment}],
    }
    client = personas.client(personas.commune_a)
    return client.post(API, data=json.dumps(body), content_type="application/json")


def _csv(personas: Personas, comment: str) -> Any:
    quoted = '"' + comment.replace('"', '""') + '"'
    body = f"indicator,value,comment\n3.2,Đạt,\n3.1,85,{quoted}\n".encode()
    return personas.client(personas.commune_a).post(CSV_API, data=body, content_type="text/csv")


def _entry(personas: Personas, comment: str) -> Any:
    client = personas.client(personas.commune_a)
    form = client.get(ENTRY).context["form"]  # the page as the officer's browser holds it
    typed = {"value_3.1": "85", "comment_3.1": comment}
    return client.post(ENTRY, posted_form(form, **typed, action="save"))


class EntryPageTests:
    @pytest.mark.parametrize(("comment", "says"), BAD)
    def test_a_bad_comment_is_a_form_error(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str, says: str
    ) -> None:
        response = _entry(personas, comment)
        assert response.status_code == 422
        errors = response.context["form"].errors["comment_3.1"]
        assert any(says in e for e in errors), errors
        assert _stored_comment() is None

    @pytest.mark.parametrize("comment", [LONGEST, GOOD])
    def test_a_good_comment_is_saved(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str
    ) -> None:
        response = _entry(personas, comment.replace("\n", "\r\n"))  # as browsers send it
        assert response.status_code == 302
        assert _stored_comment() == comment


class JsonApiTests:
    @pytest.mark.parametrize(("comment", "says"), BAD)
    def test_a_bad_comment_is_422(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str, says: str
    ) -> None:
        response = _json(personas, comment)
        assert response.status_code == 422
        assert says in response.json()["detail"]
        assert response.json()["errors"][0]["loc"] == ["body", "dataValues", 0, "comment"]
        assert _stored_comment() is None

    def test_a_two_million_character_comment_is_refused_and_not_copied_to_history(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        response = _json(personas, "a" * 2_000_000)
        assert response.status_code == 422
        assert not IndicatorValue.history.exists()

    @pytest.mark.parametrize("comment", [LONGEST, GOOD])
    def test_a_good_comment_is_saved(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str
    ) -> None:
        assert _json(personas, comment).status_code == 200
        assert _stored_comment() == comment

    def test_a_lone_surrogate_in_a_comment_is_422(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        body = (
            b'{"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479", '
            b'"dataValues": [{"indicator": "3.1", "value": "85", "comment": "\\udc00"}]}'
        )
        client = personas.client(personas.commune_a)
        response = client.post(API, data=body, content_type="application/json")
        assert response.status_code == 422
        assert "surrogate" in response.json()["detail"]
        assert _stored_comment() is None


class CsvImportTests:
    @pytest.mark.parametrize(("comment", "says"), BAD)
    def test_a_bad_comment_is_a_conflict_of_its_row_and_nothing_is_written(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str, says: str
    ) -> None:
        response = _csv(personas, comment)
        assert response.status_code == 409
        (conflict,) = response.json()["conflicts"]
        assert conflict["indicator"] == "3.1"
        assert conflict["message"].startswith("Ghi chú ")
        assert says in conflict["message"]
        assert not IndicatorValue.objects.exists()

    @pytest.mark.parametrize("comment", [LONGEST, GOOD])
    def test_a_good_comment_is_imported(
        self, personas: Personas, criteria_set: CriteriaSet, comment: str
    ) -> None:
        response = _csv(personas, comment)
        assert response.status_code == 200, response.content[:300]
        assert _stored_comment() == comment
