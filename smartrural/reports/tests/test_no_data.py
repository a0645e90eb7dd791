"""'Chưa có số liệu' apart from 'chưa đạt' on the unit evaluation and the heat map: a
criterion none of whose indicators were entered is not counted as not met."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from smartrural.criteria.models import IndicatorValue
from smartrural.testing import Personas

from .helpers import give_values, ntm_set

pytestmark = pytest.mark.django_db


def english(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies["django_language"] = "en"
    return client


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.decode())))


@pytest.fixture
def data(personas: Personas) -> Personas:
    """Ngãi Xuyên: every value; Kim Sơn: none of criterion 13's indicators, 3.1 below its
    threshold (criterion 3 not met), the rest met."""
    ntm_set()
    give_values([personas.commune_a_unit], met=True)
    give_values([personas.commune_b_unit], met=False)
    IndicatorValue.objects.filter(
        unit=personas.commune_b_unit, indicator_code__startswith="13."
    ).delete()
    return personas


class UnitEvaluationTests:
    def test_an_empty_year_reads_no_data_not_does_not_meet(self, personas: Personas) -> None:
        ntm_set()
        response = personas.client(personas.commune_b).get("/dashboard/unit/29482/QD318-XA/2023/")
        assert response.status_code == 200
        text = text_of(response.content)
        assert "Chưa có số liệu: chưa tiêu chí nào được nhập giá trị cho năm này." in text
        assert "Chưa đạt" not in text and "chưa đạt" not in text
        assert "Không đạt tất cả" not in text
        assert [c["status"] for c in response.context["criteria"]] == ["no_data"] * 4

    def test_a_criterion_without_data_is_not_counted_as_not_met(self, data: Personas) -> None:
        response = english(data, data.commune_b).get("/dashboard/unit/29482/QD318-XA/2023/")
        criteria = {c["number"]: c for c in response.context["criteria"]}
        assert {n: c["status"] for n, c in criteria.items()} == {
            3: "not_met",
            7: "met",
            10: "met",
            13: "no_data",
        }
        missing = [i["status"] for i in criteria[13]["indicators"]]
        assert missing == ["missing"] * 3
        text = text_of(response.content)
        assert "2 of 4 criteria met. 1 criterion has no data yet." in text

    def test_one_provenance_badge_per_threshold(self, data: Personas) -> None:
        response = english(data, data.commune_a).get("/dashboard/unit/29479/QD318-XA/2023/")
        rows = [i for c in response.context["criteria"] for i in c["indicators"]]
        income = next(i for i in rows if i["code"] == "10.1")
        assert income["origin"] == "Provincial placeholder, unconfirmed: not an official value"
        irrigation = next(i for i in rows if i["code"] == "3.1")
        assert irrigation["origin"] == "National threshold, confirmed"
        for row in rows:
            assert "national" not in row["threshold"].lower() or "placeholder" not in (
                row["origin"].lower()
            )


class HeatMapTests:
    def test_cells_count_the_communes_without_data_apart(self, data: Personas) -> None:
        response = english(data, data.district).get("/dashboard/?year=2023")
        heat = response.context["data"].heat
        rows = {row.name: row for row in heat.rows}
        assert rows["Xã Kim Sơn"].cells == [0, 1, 1, 0]
        assert rows["Xã Kim Sơn"].no_data == [0, 0, 0, 1]
        assert rows["Xã Ngãi Xuyên"].no_data == [0, 0, 0, 0]
        cell = rows["Xã Kim Sơn"].heat_cells[3]
        assert cell.all_without_data and cell.met == 0
        assert not rows["Xã Kim Sơn"].heat_cells[0].all_without_data  # entered, not met
        page = response.content.decode()
        assert 'class="num heat-none"' in page
        assert "no data" in text_of(response.content)
