"""The demo's essential digital services: 4/9 district-level units and 12/106 communes at the end
of 2023, ended with the old units on 30/06/2025, carried to their successors from 01/07/2025."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.geo.models import AdministrativeUnit
from smartrural.transformation.digital_services.selectors import units_offering_on
from smartrural.transformation.digital_services.services import read_catalogue
from smartrural.transformation.models import DigitalService, ServiceOffering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]
END_2023 = dt.date(2023, 12, 31)
TODAY = dt.date(2026, 12, 2)


def _offering(level: str, on: dt.date = END_2023, province: str = "84") -> tuple[set[str], int]:
    units = AdministrativeUnit.objects.valid_on(on)
    found = units.get(code=province, level="province")
    units = units.under(found.path).filter(level=level)
    return set(units_offering_on(units=units, on=on).values_list("code", flat=True)), units.count()


class DigitalServicesDemoTests:
    def test_4_of_9_districts_and_12_of_106_communes_offer_a_service_end_2023(self) -> None:
        assert DigitalService.objects.count() == len(read_catalogue())
        districts, district_total = _offering("district")
        communes, commune_total = _offering("commune")
        assert (len(districts), district_total) == (4, 9)  # 44,44% ≥ 15%: met
        assert (len(communes), commune_total) == (12, 106)  # 11,32% < 15%: not met
        assert {"29479", "29482"} <= communes
        assert "849" in districts

    def test_some_offerings_show_the_date_rule(self) -> None:
        old = ServiceOffering.objects.filter(unit__valid_to__lte=dt.date(2025, 6, 30))
        ended = list(old.filter(until__lt=END_2023).select_related("unit"))
        later = list(old.filter(since__gt=END_2023).select_related("unit"))
        assert ended and later
        communes, _total = _offering("commune")
        for offering in ended + later:
            assert offering.unit.code not in communes
            assert offering.unit.code in _offering("commune", offering.since)[0]
        assert not ServiceOffering.objects.filter(since__gt=TODAY).exists()

    def test_offerings_end_with_the_old_units_and_go_on_under_the_successors(self) -> None:
        assert not ServiceOffering.objects.filter(
            unit__valid_to=dt.date(2025, 6, 30), until__isnull=True
        ).exists()
        communes, total = _offering("commune", TODAY, "86")
        assert total == 41 - 0 and 12 <= len(communes) < total
        assert "29461" in communes  # Xã Trà Cú, successor of Ngãi Xuyên
        assert ServiceOffering.history.count() > ServiceOffering.objects.count()
