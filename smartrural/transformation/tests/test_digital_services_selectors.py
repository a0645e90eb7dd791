from __future__ import annotations

import datetime as dt

import pytest

from smartrural.accounts.actor import Actor
from smartrural.geo.models import AdministrativeUnit
from smartrural.testing import Personas
from smartrural.transformation.digital_services.selectors import (
    LevelCoverage,
    offering_coverage,
    offering_list,
    units_offering_on,
)
from smartrural.transformation.digital_services.services import (
    load_catalogue,
    offering_create,
    service_set_active,
)
from smartrural.transformation.models import DigitalService


def _service(code: str) -> DigitalService:
    return DigitalService.objects.get(code=code)


def _offer(p: Personas, code: str, service: str, since: str, until: str | None = None) -> None:
    offering_create(
        unit_code=code,
        service=_service(service),
        since=dt.date.fromisoformat(since),
        until=dt.date.fromisoformat(until) if until else None,
        by=p.province,
    )


@pytest.fixture
def offers(personas: Personas) -> Personas:
    """Ngãi Xuyên: telemedicine 01/03/2023–30/06/2023 and online learning from 01/10/2023;
    Kim Sơn: telemedicine from 01/01/2023 (withdrawn later); Trà Cú: e-commerce from
    01/05/2023; Mỹ Cẩm (Càng Long): online learning from 01/01/2022."""
    load_catalogue()
    _offer(personas, "29479", "telemedicine", "2023-03-01", "2023-06-30")
    _offer(personas, "29479", "online-learning", "2023-10-01")
    _offer(personas, "29482", "smart-loudspeakers", "2023-01-01")
    _offer(personas, "849", "e-commerce", "2023-05-01")
    _offer(personas, "29269", "online-learning", "2022-01-01")
    return personas


def _offering_codes(units: object, on: dt.date) -> set[str]:
    return set(units_offering_on(units=units, on=on).values_list("code", flat=True))  # type: ignore[arg-type]


class OfferedOnTests:
    def test_since_and_until_are_both_inclusive(self, offers: Personas) -> None:
        ngai_xuyen = AdministrativeUnit.objects.filter(code="29479")
        assert _offering_codes(ngai_xuyen, dt.date(2023, 2, 28)) == set()
        assert _offering_codes(ngai_xuyen, dt.date(2023, 3, 1)) == {"29479"}
        assert _offering_codes(ngai_xuyen, dt.date(2023, 6, 30)) == {"29479"}
        assert _offering_codes(ngai_xuyen, dt.date(2023, 7, 1)) == set()
        assert _offering_codes(ngai_xuyen, dt.date(2023, 10, 1)) == {"29479"}

    def test_a_withdrawn_service_does_not_count(self, offers: Personas) -> None:
        kim_son = AdministrativeUnit.objects.filter(code="29482")
        assert _offering_codes(kim_son, dt.date(2023, 12, 31)) == {"29482"}
        service_set_active(service=_service("smart-loudspeakers"), active=False, by=offers.province)
        assert _offering_codes(kim_son, dt.date(2023, 12, 31)) == set()


class CoverageTests:
    def test_it_counts_units_per_level_in_the_scope(self, offers: Personas) -> None:
        def coverage(user: Actor, on: dt.date) -> list[tuple[str, int, int]]:
            return [(c.level, c.covered, c.total) for c in offering_coverage(user=user, on=on)]

        day = dt.date(2023, 12, 31)
        assert coverage(offers.province, day) == [("district", 1, 2), ("commune", 3, 3)]
        assert coverage(offers.district, day) == [("district", 1, 1), ("commune", 2, 2)]
        assert coverage(offers.commune_a, dt.date(2023, 8, 1)) == [("commune", 0, 1)]
        # The Trà Vinh units ended on 30/06/2025.
        assert coverage(offers.province, dt.date(2026, 1, 1)) == []

    def test_the_percentage(self) -> None:
        assert str(LevelCoverage("district", "District", 4, 9).percent) == "44.4"
        assert LevelCoverage("commune", "Commune", 0, 0).percent is None


class OfferingListTests:
    def test_it_is_scoped_and_filtered(self, offers: Personas) -> None:
        def rows(**kwargs: object) -> list[tuple[str, str]]:
            return [
                (o.unit.code, o.service.code)
                for o in offering_list(**kwargs)  # type: ignore[arg-type]
            ]

        assert len(rows(user=offers.province)) == 5
        # By unit, then in the catalogue's order.
        assert rows(user=offers.commune_a) == [
            ("29479", "telemedicine"),
            ("29479", "online-learning"),
        ]
        assert {code for code, _ in rows(user=offers.district)} == {"849", "29479", "29482"}
        assert rows(user=offers.province, level="district") == [("849", "e-commerce")]
        assert rows(user=offers.province, service=_service("online-learning")) == [
            ("29479", "online-learning"),  # Trà Cú was created before Càng Long
            ("29269", "online-learning"),
        ]
        assert rows(user=offers.province, unit="ngai xuyen", on=dt.date(2023, 4, 1)) == [
            ("29479", "telemedicine")
        ]
        assert rows(user=offers.province, unit="2948") == [("29482", "smart-loudspeakers")]
        assert rows(user=offers.other_district, on=dt.date(2021, 1, 1)) == []
