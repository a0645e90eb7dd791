"""Positions: inside the province's published extent (Trà Vinh until 06/2025, Vĩnh Long after),
else Viet Nam's box for a province without one; the map only with a tile server, allowed by CSP."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from smartrural.feedback.extents import EXTENTS, position_problem
from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import TODAY, Personas, clock_at

from .factories import today_units

pytestmark = pytest.mark.django_db


def province(code: str, name: str = "Tỉnh") -> AdministrativeUnit:
    return AdministrativeUnit(code=code, name=name, level="province")


class ExtentTests:
    def test_tra_vinh_edges_are_inside_and_a_hair_beyond_is_outside(self) -> None:
        tv = province("84", "Tỉnh Trà Vinh")
        box = EXTENTS["84"]
        assert position_problem(tv, box.south, box.west) is None
        assert position_problem(tv, box.north, box.east) is None
        assert position_problem(tv, box.south - 0.0001, box.west) is not None
        assert position_problem(tv, box.north, box.east + 0.0001) is not None

    def test_ben_tre_is_outside_tra_vinh_but_inside_vinh_long_since_2025(self) -> None:
        ben_tre_town = (10.2415, 106.3759)
        assert position_problem(province("84"), *ben_tre_town) is not None
        assert position_problem(province("86"), *ben_tre_town) is None

    def test_a_province_without_an_extent_takes_viet_nam(self) -> None:
        other = province("01", "Thành phố Hà Nội")
        assert position_problem(other, 21.0285, 105.8542) is None
        message = position_problem(other, 13.7563, 100.5018)  # Bangkok
        assert message is not None and ("Viet Nam" in message or "Việt Nam" in message)

    def test_a_position_off_the_earth_is_refused(self) -> None:
        assert position_problem(None, 91, 0) is not None


class MapTests:
    def test_no_map_without_a_tile_server(self, personas: Personas) -> None:
        today_units(personas)
        with clock_at(TODAY):
            response = Client().get("/feedback/new/")
        assert 'id="report-map"' not in response.content.decode()
        assert "leaflet" not in response.content.decode()

    def test_the_map_comes_with_a_tile_server(self, personas: Personas, settings: Any) -> None:
        settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
        today_units(personas)
        with clock_at(TODAY):
            page = Client().get("/feedback/new/").content.decode()
        assert 'id="report-map"' in page and "leaflet-1.9.4/leaflet.js" in page
