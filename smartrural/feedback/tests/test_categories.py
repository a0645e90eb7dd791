"""Categories: the province office adds, corrects, deactivates (never deletes); the deadline's
bounds (1 and 60 working days), the role and the extra questions are checked; others read."""

from __future__ import annotations

import json

import pytest

from smartrural.feedback.models import Category
from smartrural.testing import Personas

from .factories import category

pytestmark = pytest.mark.django_db

NEW = "/feedback/work/categories/new/"


def _data(**extra: object) -> dict[str, object]:
    return {
        "code": "cay-xanh",
        "name": "Cây xanh",
        "level": "commune",
        "role": "commune_officer",
        "deadline_days": 10,
        "position": 5,
        "attributes": "",
        **extra,
    }


class CategoryTests:
    @pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (60, True), (61, False)])
    def test_deadline_bounds(self, personas: Personas, days: int, ok: bool) -> None:
        answer = personas.client(personas.province).post(NEW, _data(deadline_days=days))
        assert answer.status_code == (302 if ok else 422)
        assert Category.objects.filter(code="cay-xanh").exists() is ok

    def test_role_must_be_an_officer_role(self, personas: Personas) -> None:
        answer = personas.client(personas.province).post(NEW, _data(role="resident"))
        assert answer.status_code == 422 and not Category.objects.filter(code="cay-xanh").exists()

    def test_extra_questions_are_checked(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        bad = [
            "{not json",
            json.dumps([{"code": "x", "datatype": "colour", "description": "?"}]),
            json.dumps([{"code": "x", "datatype": "singlevaluelist", "description": "?"}]),
            json.dumps([{"code": "x", "datatype": "string", "description": "?", "values": [1]}]),
            json.dumps([{"code": "x", "datatype": "string", "description": "a"}] * 2),
        ]
        for text in bad:
            assert client.post(NEW, _data(attributes=text)).status_code == 422, text
        assert not Category.objects.filter(code="cay-xanh").exists()
        good = [
            {
                "code": "loai-cay",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Loại cây",
                "order": 1,
                "values": [{"key": "to", "name": "Cây to"}],
            }
        ]
        assert client.post(NEW, _data(attributes=json.dumps(good))).status_code == 302
        assert Category.objects.get(code="cay-xanh").attributes[0]["values"][0]["key"] == "to"

    def test_edit_keeps_code_and_records_history(self, personas: Personas) -> None:
        roads = category()
        before = roads.history.count()
        client = personas.client(personas.province)
        answer = client.post(
            f"/feedback/work/categories/{roads.pk}/edit/",
            _data(name="Giao thông", deadline_days=7, version=roads.version),
        )
        assert answer.status_code == 302
        roads.refresh_from_db()
        assert roads.code == "giao-thong" and roads.deadline_days == 7
        assert roads.history.count() == before + 1
        assert roads.history.first().history_user == personas.province
        page = client.get(f"/feedback/work/categories/{roads.pk}/history/")
        assert page.status_code == 200

    def test_deactivate_keeps_the_row_and_others_cannot(self, personas: Personas) -> None:
        roads = category()
        url = f"/feedback/work/categories/{roads.pk}/deactivate/"
        assert personas.client(personas.commune_a).post(url).status_code == 403
        assert personas.client(personas.province).post(url).status_code == 302
        roads.refresh_from_db()
        assert roads.active is False
        page = personas.client(personas.commune_a).get("/feedback/work/categories/")
        assert page.status_code == 200 and "Deactivate" not in page.content.decode()
