"""Registering a dossier on today's date and in 2023: the form's year and the units it offers
agree (the reference-date rule over the user's units), and a unit not valid in the year posted
is a form error naming when it was valid, never a 404 page."""

from __future__ import annotations

import re

from smartrural.criteria.models import CriteriaSet
from smartrural.recognition.models import Dossier
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .pages_support import met_set

NOT_IN_2026 = (
    "Mã 29479 không thuộc đơn vị nào vào ngày 01/07/2026. Xã Ngãi Xuyên (29479) có hiệu lực "
    "đến 30/06/2025."
)


def year_shown(page: str) -> str:
    found = re.search(r'name="year"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="year"', page)
    assert found is not None
    return found.group(1) or found.group(2)


def body(criteria_set: CriteriaSet, year: int) -> dict[str, object]:
    return {"unit": "29479", "target_level": "ntm", "year": year, "criteria_set": criteria_set.code}


class RegisterDatesTests:
    def test_today_the_form_opens_on_the_last_year_of_the_users_units(
        self, personas: Personas, clock: Clock
    ) -> None:
        # The personas' Trà Vinh units end on 30/06/2025: their last 1 July is in 2024.
        clock.set(TODAY)
        page = personas.client(personas.commune_a).get("/dossiers/new/").content.decode()
        assert year_shown(page) == "2024"
        assert "Xã Ngãi Xuyên (29479)" in page
        assert "Đơn vị hành chính tại ngày 01/07/2024" in page

    def test_in_2023_it_opens_on_2023(self, personas: Personas, clock: Clock) -> None:
        clock.set(IN_2023)
        page = personas.client(personas.commune_a).get("/dossiers/new/").content.decode()
        assert year_shown(page) == "2023"
        assert "Xã Ngãi Xuyên (29479)" in page
        assert "Đơn vị hành chính tại ngày 01/07/2023" in page

    def test_a_year_asked_offers_that_years_units(self, personas: Personas, clock: Clock) -> None:
        clock.set(TODAY)
        page = personas.client(personas.commune_a).get("/dossiers/new/?year=2026").content
        assert year_shown(page.decode()) == "2026"
        assert "Xã Ngãi Xuyên (29479)" not in page.decode()

    def test_a_unit_not_valid_in_the_year_posted_is_a_form_error(
        self, personas: Personas, clock: Clock
    ) -> None:
        criteria_set = met_set(personas)
        clock.set(TODAY)
        client = personas.client(personas.commune_a)
        response = client.post("/dossiers/new/", body(criteria_set, 2026))
        assert response.status_code == 422
        page = response.content.decode()
        assert NOT_IN_2026 in page
        assert 'name="unit"' in page  # the form again, not an error page
        assert not Dossier.objects.exists()

    def test_the_same_unit_registers_in_2023(self, personas: Personas, clock: Clock) -> None:
        criteria_set = met_set(personas)
        clock.set(TODAY)
        response = personas.client(personas.commune_a).post(
            "/dossiers/new/", body(criteria_set, 2023)
        )
        assert response.status_code == 302
        assert Dossier.objects.get().unit == personas.commune_a_unit
