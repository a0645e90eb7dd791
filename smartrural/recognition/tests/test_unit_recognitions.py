"""A unit's page lists its recognitions and, after a merger, its predecessors'."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from smartrural.geo.models import Succession
from smartrural.geo.services import unit_create
from smartrural.recognition.models import Recognition
from smartrural.testing import Personas

from .pages_support import en_client


@pytest.fixture(autouse=True)
def _language() -> Any:
    with translation.override("en"):  # pages activate the cookie's language: restore after
        yield


def recognise(unit: Any, year: int, number: str, **kwargs: Any) -> Recognition:
    return Recognition.objects.create(
        unit=unit,
        level="ntm",
        year=year,
        decision_number=number,
        decision_date=dt.date(year, 12, 20),
        **kwargs,
    )


class UnitRecognitionsTests:
    def test_a_successor_shows_its_own_and_its_predecessors_recognitions(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        # Xã Cũ merged into Xã Trung, which merged into Ngãi Xuyên: both are predecessors.
        tra_cu = personas.district_unit
        old = unit_create(
            code="29470",
            name="Xã Cũ",
            kind="xa",
            level="commune",
            parent=tra_cu,
            valid_from=dt.date(2010, 1, 1),
            valid_to=dt.date(2015, 12, 31),
        )
        middle = unit_create(
            code="29471",
            name="Xã Trung",
            kind="xa",
            level="commune",
            parent=tra_cu,
            valid_from=dt.date(2016, 1, 1),
            valid_to=dt.date(2019, 12, 31),
        )
        Succession.objects.create(
            predecessor=old, successor=middle, kind="whole", effective_date=dt.date(2016, 1, 1)
        )
        Succession.objects.create(
            predecessor=middle,
            successor=personas.commune_a_unit,
            kind="whole",
            effective_date=dt.date(2020, 1, 1),
        )
        recognise(personas.commune_a_unit, 2023, "1234/QĐ-UBND")
        recognise(old, 2014, "77/QĐ-UBND", revoked_at=dt.date(2015, 6, 1))
        recognise(middle, 2018, "88/QĐ-UBND")
        with translation.override("en"):
            response = en_client(personas, None).get("/units/29479/?as_of=2023-06-01")
        html = response.content.decode()
        assert "1234/QĐ-UBND" in html
        assert "Xã Trung (predecessor)" in html and "88/QĐ-UBND" in html
        assert "Xã Cũ (predecessor)" in html and "revoked on 01/06/2015" in html

    def test_the_predecessors_cost_no_query_each(
        self, personas: Personas, django_assert_num_queries: Any
    ) -> None:
        from smartrural.recognition.selectors import recognitions_of_unit

        units = [personas.commune_b_unit, personas.other_commune_unit]
        for unit in units:
            recognise(unit, 2020, f"{unit.code}/QĐ")
        with django_assert_num_queries(1):
            rows = recognitions_of_unit(unit=personas.commune_a_unit, predecessors=units)
        assert [r.via.code for r in rows if r.via] == ["29269", "29482"]

    def test_a_commune_without_recognition_says_so(self, personas: Personas) -> None:
        with translation.override("en"):
            html = en_client(personas, None).get("/units/29479/?as_of=2023-06-01").content.decode()
        assert "No recognition recorded." in html
