"""Every page with a default period opens on the latest period with data in the reader's scope
(the reference-date rule) and says the date its units are taken at, with the clock today
(02/12/2026, after the reorganisation: the data set's Trà Vinh units end on 30/06/2025) and on
01/06/2023. The data set is the transformation KPIs' (2023 figures of Trà Cú)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from smartrural.testing import IN_2023, TODAY, Clock, Personas
from smartrural.transformation.tests.dataset import build_dataset

# page → (its default units' date today, on 01/06/2023)
PAGES: dict[str, tuple[str, str]] = {
    # teams: the last year whose 1 July the active team's hamlet saw (it ends 30/06/2025)
    "/transformation/teams/": ("01/07/2024", "01/07/2023"),
    # services: the last day an offering ran (its unit's end), or today while it runs
    "/transformation/services/": ("30/06/2025", "01/06/2023"),
    "/transformation/officials/": ("01/07/2023", "01/07/2023"),
    "/transformation/work-records/": ("01/07/2023", "01/07/2023"),
    # targets are the province's: the latest year with targets that has begun
    "/transformation/targets/": ("01/07/2025", "01/07/2023"),
    # no candidate, no assessment: the current year
    "/transformation/pilots/": ("01/07/2026", "01/07/2023"),
    "/transformation/pilots/hamlets/": ("01/07/2026", "01/07/2023"),
    "/transformation/": ("01/07/2023", "01/07/2023"),
    "/criteria/": ("01/07/2023", "01/07/2023"),
    "/dossiers/": ("01/07/2023", "01/07/2023"),
    # registration: the last year whose 1 July the user's units saw
    "/dossiers/new/": ("01/07/2024", "01/07/2023"),
    "/dashboard/": ("01/07/2023", "01/07/2023"),
}

UNITS_AS_OF = re.compile(r"Đơn vị hành chính tại ngày (\d\d/\d\d/\d{4})")


@pytest.fixture
def figures(personas: Personas, clock: Clock) -> Personas:
    clock.set(TODAY)
    return build_dataset(personas)


def units_date(page: str) -> str:
    found = UNITS_AS_OF.findall(page)
    assert len(found) == 1, found
    return str(found[0])


@pytest.mark.parametrize("url", list(PAGES))
class DefaultPeriodTests:
    def test_today_the_page_opens_on_the_period_with_data(
        self, figures: Personas, clock: Clock, url: str
    ) -> None:
        clock.set(TODAY)
        response = figures.client(figures.province).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        shown = units_date(page)
        assert shown == PAGES[url][0]
        if dt.datetime.strptime(shown, "%d/%m/%Y").date() <= dt.date(2025, 6, 30):
            assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page

    def test_on_1_june_2023_it_opens_on_2023(
        self, figures: Personas, clock: Clock, url: str
    ) -> None:
        clock.set(IN_2023)
        response = figures.client(figures.province).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert units_date(page) == PAGES[url][1]
        assert '<span class="brand-province">Tỉnh Trà Vinh</span>' in page


class ScopeTests:
    def test_a_commune_reader_opens_on_its_own_latest_year(
        self, figures: Personas, clock: Clock
    ) -> None:
        # Ngãi Xuyên's latest work records are of 06/2023; a year asked is kept and said
        clock.set(TODAY)
        client = figures.client(figures.commune_a)
        page = client.get("/transformation/work-records/").content.decode()
        assert units_date(page) == "01/07/2023"
        page = client.get("/transformation/work-records/?year=2022").content.decode()
        assert units_date(page) == "01/07/2022"

    def test_a_reader_without_data_opens_on_the_current_year(
        self, personas: Personas, clock: Clock
    ) -> None:
        clock.set(TODAY)
        build_dataset(personas)
        # Càng Long's own officer: the Trà Cú figures are not theirs
        client = personas.client(personas.other_district)
        page = client.get("/transformation/officials/").content.decode()
        assert units_date(page) == "01/07/2026"
