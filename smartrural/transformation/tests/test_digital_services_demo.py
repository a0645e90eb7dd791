from __future__ import annotations

import datetime as dt

import pytest

from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.reference import load_reference_units
from smartrural.transformation.digital_services.demo import load_demo
from smartrural.transformation.digital_services.selectors import units_offering_on
from smartrural.transformation.digital_services.services import read_catalogue
from smartrural.transformation.models import DigitalService, ServiceOffering

END_2023 = dt.date(2023, 12, 31)


def _offering(level: str, on: dt.date = END_2023) -> tuple[set[str], int]:
    province = AdministrativeUnit.objects.valid_on(on).get(code="84")
    units = AdministrativeUnit.objects.valid_on(on).under(province.path).filter(level=level)
    return set(units_offering_on(units=units, on=on).values_list("code", flat=True)), units.count()


def _snapshot() -> list[tuple[object, ...]]:
    return list(
        ServiceOffering.objects.order_by("unit__code", "service__code").values_list(
            "unit__code", "service__code", "since", "until", "note"
        )
    )


@pytest.mark.django_db
class DigitalServicesDemoTests:
    @pytest.fixture(autouse=True)
    def province(self) -> None:
        load_reference_units()

    def test_4_of_9_districts_and_12_of_106_communes_offer_a_service_end_2023(self) -> None:
        load_demo()
        assert DigitalService.objects.count() == len(read_catalogue())
        districts, district_total = _offering("district")
        communes, commune_total = _offering("commune")
        assert (len(districts), district_total) == (4, 9)  # 44% ≥ 15%: met
        assert (len(communes), commune_total) == (12, 106)  # 11% < 15%: not met
        assert {"29479", "29482"} <= communes
        assert "849" in districts

    def test_some_offerings_show_the_date_rule(self) -> None:
        load_demo()
        ended = list(ServiceOffering.objects.filter(until__isnull=False).select_related("unit"))
        later = list(ServiceOffering.objects.filter(since__gt=END_2023).select_related("unit"))
        assert ended and later
        communes, _total = _offering("commune")
        for offering in ended + later:
            assert offering.unit.code not in communes
            assert offering.unit.code in _offering("commune", offering.since)[0]
        assert not ServiceOffering.objects.filter(since__gt=today()).exists()
        assert ServiceOffering.history.count() == ServiceOffering.objects.count()

    def test_it_is_deterministic_and_a_second_run_adds_nothing(self) -> None:
        load_demo()
        first = _snapshot()
        load_demo()
        assert _snapshot() == first
        ServiceOffering.objects.all().delete()
        load_demo()
        assert _snapshot() == first
