"""The dashboard on small data: counts, scoping, drill-down, the evaluation page, queries."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from typing import Any

import pytest
import time_machine
from django.test import Client

from smartrural.testing import Personas

from .helpers import add_communes, give_values, ntm_set, recognise

pytestmark = pytest.mark.django_db


def english(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies["django_language"] = "en"
    return client


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.decode())))


@pytest.fixture
def data(personas: Personas) -> Personas:
    """Ngãi Xuyên and Mỹ Cẩm recognised and meeting every criterion; Kim Sơn fails 3.1."""
    ntm_set()
    give_values([personas.commune_a_unit, personas.other_commune_unit], met=True)
    give_values([personas.commune_b_unit], met=False)
    recognise([personas.commune_a_unit, personas.other_commune_unit])
    return personas


class DashboardTests:
    def test_anonymous_is_sent_to_log_in(self, data: Personas) -> None:
        response = data.client(None).get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_province_sees_the_province_with_every_district(self, data: Personas) -> None:
        response = english(data, data.province).get("/dashboard/?year=2023")
        text = text_of(response.content)
        assert "2/3 communes meeting the NTM standard" in text
        assert "Huyện Trà Cú" in text and "Huyện Càng Long" in text
        # The districts' rows drill down to the district dashboards.
        assert b'href="/dashboard/?unit=849&amp;year=2023"' in response.content

    def test_the_default_year_is_the_latest_with_data(self, data: Personas) -> None:
        response = english(data, data.province).get("/dashboard/")
        assert response.context["year"] == 2023

    def test_district_officer_sees_only_their_district_communes(self, data: Personas) -> None:
        response = english(data, data.district).get("/dashboard/?year=2023")
        text = text_of(response.content)
        assert "1/2 communes meeting the NTM standard" in text
        assert "Xã Ngãi Xuyên" in text and "Xã Kim Sơn" in text
        assert "Xã Mỹ Cẩm" not in text
        assert b'href="/dashboard/unit/29479/QD318-XA/2023/"' in response.content

    def test_heat_map_marks_the_failing_criterion(self, data: Personas) -> None:
        response = english(data, data.district).get("/dashboard/?year=2023")
        rows = {row.name: row.cells for row in response.context["data"].heat.rows}
        # Criteria 3, 7, 10, 13 of the small set: Kim Sơn fails criterion 3 only.
        assert rows == {"Xã Ngãi Xuyên": [1, 1, 1, 1], "Xã Kim Sơn": [0, 1, 1, 1]}
        assert "not met" in text_of(response.content)

    def test_a_unit_outside_the_scope_is_not_found(self, data: Personas) -> None:
        assert english(data, data.district).get("/dashboard/?unit=844").status_code == 404
        assert english(data, data.commune_a).get("/dashboard/?unit=29482").status_code == 404
        assert english(data, data.commune_a).get("/dashboard/?unit=849").status_code == 404

    def test_commune_officer_opens_on_their_commune(self, data: Personas) -> None:
        response = english(data, data.commune_a).get("/dashboard/?year=2023")
        assert response.context["data"].unit.code == "29479"
        assert "1/1 communes meeting the NTM standard" in text_of(response.content)

    def test_a_malformed_year_is_a_bad_request(self, data: Personas) -> None:
        assert english(data, data.province).get("/dashboard/?year=abc").status_code == 400

    def test_evaluation_page_explains_each_indicator(self, data: Personas) -> None:
        client = english(data, data.commune_b)
        response = client.get("/dashboard/unit/29482/QD318-XA/2023/")
        text = text_of(response.content)
        assert "Does not meet every criterion" in text
        assert "3 of 4 criteria met" in text
        assert "Indicator 3.1: 50% < 80%" in text
        assert 'href="/criteria/QD318-XA/2023/29482/"' in response.content.decode()

    def test_evaluation_page_of_another_commune_is_not_found(self, data: Personas) -> None:
        response = english(data, data.commune_b).get("/dashboard/unit/29479/QD318-XA/2023/")
        assert response.status_code == 404

    def test_map_data_places_every_commune_with_its_level(self, data: Personas) -> None:
        response = english(data, data.province).get("/dashboard/?year=2023")
        clusters = response.context["map_data"]["clusters"]
        levels = {p["name"]: p["level"] for c in clusters for p in c["points"]}
        assert levels == {"Xã Ngãi Xuyên": "ntm", "Xã Kim Sơn": "none", "Xã Mỹ Cẩm": "ntm"}
        assert b'id="dashboard-map-data"' in response.content
        assert "not to geographic scale" in text_of(response.content)


class DashboardDateTests:
    def test_the_year_turns_in_viet_nam_not_on_the_servers_clock(
        self, personas: Personas, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """At 23:30 UTC on 31/12/2025 it is already 01/01/2026 in Viet Nam: with no data, the
        dashboard opens on 2026, even on a server whose own clock is UTC."""
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        try:
            with time_machine.travel(dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)):
                assert dt.date.today() == dt.date(2025, 12, 31)  # the server's local date
                response = english(personas, personas.province).get("/dashboard/")
        finally:
            monkeypatch.undo()
            time.tzset()
        assert response.status_code == 200
        assert response.context["year"] == 2026
        assert response.context["years"] == [2026]


class DashboardQueryTests:
    def test_queries_do_not_grow_with_the_number_of_units(
        self, data: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = english(data, data.province)

        def count() -> int:
            client.get("/dashboard/?year=2023")  # first call fills the evaluation cache
            with django_assert_max_num_queries(60) as captured:
                assert client.get("/dashboard/?year=2023").status_code == 200
            return len(captured)

        few = count()
        for district, start in ((data.district_unit, 29600), (data.other_district_unit, 29700)):
            units = add_communes(district, 15, start)
            give_values(units[:10], met=True)
            recognise(units[:5])
        assert count() == few
