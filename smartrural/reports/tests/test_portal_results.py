"""The NTM results on the portals' home pages: read from the data as the dashboard and the public
results compute them, for the latest year with results on the day shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _
from pytest_django import DjangoAssertNumQueries

from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.services import (
    ValueRow,
    data_value_set_import,
    indicator_value_clear,
    indicator_value_submit,
)
from smartrural.criteria.tests.factories import ALL_MET, small_definition, stored_set
from smartrural.geo.models import AdministrativeUnit, Level, Succession
from smartrural.geo.selectors import all_predecessors
from smartrural.geo.services import unit_create
from smartrural.portal.models import PortalHome
from smartrural.portal.services import portal_sync_units
from smartrural.recognition.selectors import recognitions_of_unit
from smartrural.reports.evaluation import unit_evaluation_context
from smartrural.reports.portal_results import results_section
from smartrural.reports.selectors import dashboard, years_with_data
from smartrural.testing import IN_2023, TODAY, Clock, Personas
from smartrural.transformation.dashboard.data import dashboard_data
from smartrural.transformation.kpis import Period
from smartrural.transformation.templatetags.kpis import kpi_value

from .helpers import add_communes, give_values
from .results_data import NTM, YEAR, ResultsData, build_results_data, text_of

pytestmark = pytest.mark.django_db

MERGED = dt.date(2025, 7, 1)


@pytest.fixture
def data(personas: Personas, clock: Clock) -> ResultsData:
    """The hand-made Trà Vinh 2023 (``results_data``), Kim Sơn's values then corrected so that
    it misses criterion 3 and lacks a value of criterion 7, and the portals synced as of 2023;
    the clock on 01/06/2023."""
    clock.set(IN_2023)
    found = build_results_data(personas)
    ntm = found.sets[NTM]
    kim_son = personas.commune_b_unit
    by = personas.province
    indicator_value_submit(
        unit=kim_son, criteria_set=ntm, year=YEAR, indicator_code="3.1", value="50", by=by
    )
    indicator_value_clear(unit=kim_son, criteria_set=ntm, year=YEAR, indicator_code="7.1", by=by)
    portal_sync_units(as_of=IN_2023)
    return found


def portal_url(unit: AdministrativeUnit) -> str:
    url = PortalHome.objects.get(unit=unit).url
    assert url
    return url


def section_of(content: bytes) -> str:
    """The results section's HTML."""
    found = re.search(r'<section aria-labelledby="h-results">.*?</section>', content.decode(), re.S)
    assert found, content.decode()
    return found.group(0)


def list_items(html: str, css_class: str) -> list[list[str]]:
    """The items' text of each ``<ul class="...">`` of ``html``, in order."""
    return [
        [text_of(item.encode()).strip() for item in re.findall(r"<li>(.*?)</li>", body, re.S)]
        for body in re.findall(rf'<ul class="{css_class}">(.*?)</ul>', html, re.S)
    ]


def table_rows(html: str, heading_id: str) -> list[list[str]]:
    """The cells' text of each body row of the table labelled by ``heading_id``."""
    found = re.search(rf'<table aria-labelledby="{heading_id}">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert found, html
    return [
        [text_of(cell.encode()).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    ]


def sets_of(unit: AdministrativeUnit, year: int) -> list[CriteriaSet]:
    ids = IndicatorValue.objects.filter(unit=unit, year=year).values("criteria_set_id")
    return list(CriteriaSet.objects.filter(pk__in=ids).order_by("code"))


def assert_commune_as_the_dashboard(data: ResultsData, unit: AdministrativeUnit, year: int) -> str:
    """The commune's portal shows, for ``year``, the criteria the dashboard's drill-down finds
    met and not met in each set, its recognitions and its predecessors', and the KPIs of the
    digital transformation dashboard; returns the section's text."""
    response = Client().get(portal_url(unit))
    assert response.status_code == 200
    html = section_of(response.content)
    text = text_of(html.encode())
    figures = re.findall(r'<ul class="figures">\s*<li><strong>(.*?)</strong>', html)
    met_lists, unmet_lists = list_items(html, "met"), list_items(html, "unmet")
    unmet_at = 0
    sets = sets_of(unit, year)
    assert sets and len(figures) == len(sets)
    for index, criteria_set in enumerate(sets):
        shown = unit_evaluation_context(
            data.personas.province, code=unit.code, set_code=criteria_set.code, year=year
        )
        result = shown["result"]
        assert figures[index] == f"{result.criteria_met}/{result.criteria_total}"
        met = [f"{c.number}. {c.name}" for c in result.criteria if c.met]
        assert met_lists[index] == (met or [_("None yet")])
        unmet = [f"{c.number}. {c.name}" for c in result.criteria if not c.met]
        if unmet:
            names = [item.split(" (")[0] for item in unmet_lists[unmet_at]]
            assert names == unmet
            unmet_at += 1
    assert len(unmet_lists) == unmet_at
    predecessors = [link.unit for link in all_predecessors(unit=unit)]
    decisions = recognitions_of_unit(unit=unit, predecessors=predecessors)
    for item in decisions:
        r = item.recognition
        number = _("No. %(number)s of %(date)s") % {
            "number": r.decision_number,
            "date": r.decision_date.strftime("%d/%m/%Y"),
        }
        assert number in text
    if not decisions:
        assert _("No recognition recorded.") in text
    report = dashboard_data(unit=unit, period=Period.for_year(year), user=data.personas.province)
    expected = [
        [str(item.label), level, kpi_value(kpi)]
        for item in report.report.indicators
        for level, kpi in item.levels.items()
    ]
    rows = table_rows(html, "h-kpis") if expected else []
    assert [[label, level, value.split(" (")[0]] for label, level, value, _t in rows] == [
        [label, _level_name(level), value if value != "—" else _("no data yet")]
        for label, level, value in expected
    ]
    assert f'href="/results/{unit.code}/?year={year}"' in html
    return text


def _level_name(level: str) -> str:
    return str(Level(level).label)


class CommunePortalTests:
    def test_each_portal_shows_the_communes_ntm_results_for_2023_as_the_dashboard_computes_them(
        self, data: ResultsData
    ) -> None:
        p = data.personas
        for unit in (p.commune_a_unit, p.commune_b_unit, data.communes[40]):
            assert_commune_as_the_dashboard(data, unit, YEAR)
        text = assert_commune_as_the_dashboard(data, p.other_commune_unit, YEAR)
        assert "Số 1/QĐ-UBND ngày 20/12/2023" in text
        assert "Số 1/QĐ-UBND-NC ngày 20/12/2023" in text
        assert "Chủ tịch UBND tỉnh Trà Vinh" in text
        # Kim Sơn misses criterion 3 and lacks a value of criterion 7.
        html = section_of(Client().get(portal_url(p.commune_b_unit)).content)
        assert list_items(html, "unmet") == [["3. Thủy lợi", f"7. Thương mại ({_('no data yet')})"]]
        assert re.findall(r"<strong>(\d+/\d+)</strong>", html)[0] == "2/4"

    def test_a_unit_without_data_says_there_is_nothing_yet(self, data: ResultsData) -> None:
        ward = AdministrativeUnit.objects.get(code="29500")
        text = text_of(section_of(Client().get(portal_url(ward)).content).encode())
        assert "Chưa có kết quả đánh giá tiêu chí năm 2023." in text
        assert _("No recognition recorded.") in text


class ProvincePortalTests:
    def test_the_province_portal_shows_the_dashboards_headline_counts(
        self, data: ResultsData
    ) -> None:
        p = data.personas
        html = section_of(Client().get("/").content)
        text = text_of(html.encode())
        board = dashboard(user=p.province, unit=p.province_unit, year=YEAR, years=years_with_data())
        counts = {h.key: h for h in board.headlines}
        assert set(counts) == {"ntm", "advanced", "districts"}
        ntm, advanced, districts = counts["ntm"], counts["advanced"], counts["districts"]
        assert f"{ntm.recognised}/{ntm.total} {_('communes meeting the NTM standard')}" in text
        label = _("communes meeting the advanced NTM standard")
        assert f"{advanced.recognised} {label}" in text
        label = _("district-level units meeting the NTM standard or completing the NTM task")
        assert f"{districts.recognised}/{districts.total} {label}" in text
        assert "82/85 xã đạt chuẩn nông thôn mới" in text  # the seed article's figure
        assert f'href="/results/?year={YEAR}"' in html


class TodayTests:
    """On 02/12/2026: Trà Vinh is part of Vĩnh Long since 01/07/2025, QĐ 51's criteria apply."""

    @pytest.fixture
    def merged(self, data: ResultsData, clock: Clock) -> AdministrativeUnit:
        """Mỹ Cẩm (recognised) and Ngãi Xuyên merged into a new commune of a new province."""
        clock.set(TODAY)
        province = unit_create(
            code="86",
            name="Tỉnh Vĩnh Long",
            kind="tinh",
            level="province",
            parent=None,
            valid_from=MERGED,
            region="dbscl",
        )
        commune = unit_create(
            code="29461",
            name="Xã Trà Cú Mới",
            kind="xa",
            level="commune",
            parent=province,
            valid_from=MERGED,
            region="dbscl",
        )
        p = data.personas
        for old in (p.other_commune_unit, p.commune_a_unit):
            Succession.objects.create(
                predecessor=old, successor=commune, kind="whole", effective_date=MERGED
            )
        portal_sync_units(as_of=TODAY)
        return commune

    def test_a_new_commune_without_2026_results_shows_its_predecessors_recognitions(
        self, merged: AdministrativeUnit
    ) -> None:
        html = section_of(Client().get(portal_url(merged)).content)
        text = text_of(html.encode())
        assert "Chưa có kết quả đánh giá tiêu chí năm 2026." in text
        assert "Số 1/QĐ-UBND ngày 20/12/2023" in text
        assert "do Xã Mỹ Cẩm, đơn vị trước sắp xếp, đạt được" in text
        assert f'href="/results/{merged.code}/?year=2026"' in html
        province = text_of(section_of(Client().get("/").content).encode())
        assert "Chưa có kết quả công nhận nào được ghi nhận cho năm 2026." in province

    def test_the_2026_results_under_qd_51_as_the_dashboard_computes_them(
        self, data: ResultsData, merged: AdministrativeUnit
    ) -> None:
        qd51 = stored_set(
            small_definition(
                code="QD51-XA",
                legal_basis="QĐ 51/2025/QĐ-TTg",
                valid_from_year=2026,
                valid_to_year=2030,
            )
        )
        summary = data_value_set_import(
            criteria_set=qd51,
            year=2026,
            unit=merged,
            rows=[ValueRow(code, value) for code, value in {**ALL_MET, "3.1": "50"}.items()],
            by=data.personas.province,
        )
        assert summary.ok, summary.conflicts
        text = assert_commune_as_the_dashboard(data, merged, 2026)
        assert "do Xã Mỹ Cẩm, đơn vị trước sắp xếp, đạt được" in text
        province_unit = merged.parent
        assert province_unit is not None
        board = dashboard(
            user=data.personas.province, unit=province_unit, year=2026, years=years_with_data()
        )
        ntm = next(h for h in board.headlines if h.key == "ntm")
        province = text_of(section_of(Client().get("/").content).encode())
        assert f"{ntm.recognised}/{ntm.total} {_('communes meeting the NTM standard')}" in province


class QueriesTests:
    def test_the_section_takes_a_bounded_number_of_queries_whatever_the_number_of_communes(
        self, data: ResultsData, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        p = data.personas
        # Once to fill the evaluation cache, as the dashboard does; then read from it.
        for unit in (p.province_unit, p.commune_a_unit, p.other_commune_unit):
            results_section(unit, IN_2023)
        with CaptureQueriesContext(connection) as before:
            results_section(p.province_unit, IN_2023)
        with django_assert_max_num_queries(30):
            results_section(p.province_unit, IN_2023)
        for unit in (p.commune_a_unit, p.other_commune_unit):
            with django_assert_max_num_queries(30):
                results_section(unit, IN_2023)
        more = add_communes(p.other_district_unit, 10, start=32000)
        give_values(more, met=True)
        results_section(p.province_unit, IN_2023)
        with CaptureQueriesContext(connection) as after:
            results_section(p.province_unit, IN_2023)
        assert len(after) == len(before)
        with django_assert_max_num_queries(45):  # the whole page, Wagtail's queries included
            assert Client().get("/").status_code == 200
