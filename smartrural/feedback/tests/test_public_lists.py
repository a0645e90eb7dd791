"""The published lists of a commune and a province: successions, filters, counts, pages, a
constant number of queries, on today's units and on 2023's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from pytest_django import DjangoAssertNumQueries

from smartrural.feedback import services
from smartrural.feedback.models import Report, Status
from smartrural.geo.services import unit_create
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .factories import file_report, today_units
from .public_helpers import private_report, today_with_successions

pytestmark = pytest.mark.django_db


def list_url(code: str, **query: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/feedback/units/{code}/" + (f"?{params}" if params else "")


def shown(response: Any) -> list[int]:
    return [r.pk for r in response.context["reports"]]


class UnitListTests:
    def test_todays_commune_lists_its_predecessors_reports(
        self, personas: Personas, clock: Clock
    ) -> None:
        p = personas
        old = file_report(p.hamlet_a_unit, on=IN_2023).report
        today = today_with_successions(p)
        new = file_report(today.hamlet_a_unit, on=TODAY).report
        elsewhere = file_report(today.commune_b_unit, on=TODAY).report
        clock.set(TODAY)
        response = Client().get(list_url("29461"))
        assert response.status_code == 200
        assert shown(response) == [new.pk, old.pk]  # newest first
        assert elsewhere.pk not in shown(response)

    def test_a_2023_commune_lists_its_own_reports_only(
        self, personas: Personas, clock: Clock
    ) -> None:
        p = personas
        old = file_report(p.hamlet_a_unit, on=IN_2023).report
        file_report(p.commune_b_unit, on=IN_2023)
        today = today_with_successions(p)
        file_report(today.hamlet_a_unit, on=TODAY)
        clock.set(TODAY)
        response = Client().get(list_url("29479"))
        assert response.status_code == 200
        assert shown(response) == [old.pk]
        assert "30/06/2025" in response.content.decode()  # says the unit no longer exists

    def test_the_province_lists_every_commune_on_both_dates(
        self, personas: Personas, clock: Clock
    ) -> None:
        p = personas
        a = file_report(p.hamlet_a_unit, on=IN_2023).report
        b = file_report(p.commune_b_unit, on=IN_2023).report
        today = today_with_successions(p)
        c = file_report(today.commune_b_unit, on=TODAY).report
        clock.set(TODAY)
        assert set(shown(Client().get(list_url("86")))) == {a.pk, b.pk, c.pk}
        clock.set(IN_2023)
        assert set(shown(Client().get(list_url("84")))) == {a.pk, b.pk}

    def test_the_index_goes_to_the_province_of_the_day(
        self, personas: Personas, clock: Clock
    ) -> None:
        today_units(personas)
        clock.set(TODAY)
        assert Client().get("/feedback/")["Location"] == "/feedback/units/86/"
        clock.set(IN_2023)
        assert Client().get("/feedback/")["Location"] == "/feedback/units/84/"

    def test_the_index_offers_a_choice_when_several_provinces_exist(
        self, personas: Personas, clock: Clock
    ) -> None:
        unit_create(
            code="83",
            name="Tỉnh Bến Tre",
            kind="tinh",
            level="province",
            parent=None,
            region="dbscl",
        )
        clock.set(IN_2023)
        response = Client().get("/feedback/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="/feedback/units/84/"' in html and 'href="/feedback/units/83/"' in html

    def test_an_unknown_code_or_a_hamlet_is_404(self, personas: Personas) -> None:
        assert Client().get(list_url("99999")).status_code == 404
        assert Client().get(list_url(personas.hamlet_a_unit.code)).status_code == 404

    def test_a_hidden_report_is_neither_listed_nor_counted(self, personas: Personas) -> None:
        shown_report = file_report(personas.hamlet_a_unit).report
        hidden = file_report(personas.hamlet_a_unit).report
        Report.objects.filter(pk=hidden.pk).update(hidden=True)
        response = Client().get(list_url("29479"))
        assert shown(response) == [shown_report.pk]
        assert response.context["counts"].total == 1

    def test_no_private_data_in_the_list(self, personas: Personas) -> None:
        private_report(personas.hamlet_a_unit)
        html = Client().get(list_url("29479")).content.decode()
        assert "0987654321" not in html and "an.nguyen@example.test" not in html
        assert "Bí Mật" not in html


class FilterTests:
    @pytest.fixture
    def three(self, personas: Personas) -> dict[str, Report]:
        p = personas
        road = file_report(p.hamlet_a_unit, on=dt.date(2023, 3, 1)).report
        canal = file_report(
            p.hamlet_a_unit, on=dt.date(2023, 4, 3), category_code="thuy-loi"
        ).report
        done = file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 2)).report
        services.report_refuse(
            report=done,
            version=done.version,
            refusal="spam",
            public_text="Nội dung không phải phản ánh.",
            by=p.commune_a,
        )
        return {"road": road, "canal": canal, "done": done}

    def test_open_and_closed_in_the_open311_sense(self, three: dict[str, Report]) -> None:
        client = Client()
        opened = shown(client.get(list_url("29479", status="open")))
        assert opened == [three["canal"].pk, three["road"].pk]
        assert shown(client.get(list_url("29479", status="closed"))) == [three["done"].pk]
        assert shown(client.get(list_url("29479", status=Status.REFUSED))) == [three["done"].pk]
        assert shown(client.get(list_url("29479", status=Status.ACCEPTED))) == []

    def test_the_category_and_its_group(self, three: dict[str, Report]) -> None:
        client = Client()
        assert shown(client.get(list_url("29479", category="thuy-loi"))) == [three["canal"].pk]
        assert len(shown(client.get(list_url("29479", category="ha-tang")))) == 3

    def test_the_period_in_dd_mm_yyyy_includes_both_days(self, three: dict[str, Report]) -> None:
        response = Client().get(list_url("29479", start="01/03/2023", end="03/04/2023"))
        assert response.status_code == 200
        assert shown(response) == [three["canal"].pk, three["road"].pk]
        response = Client().get(list_url("29479", start="2023-03-02", end="2023-04-02"))
        assert shown(response) == []

    def test_the_counts_per_status_follow_the_other_filters(self, three: dict[str, Report]) -> None:
        counts = Client().get(list_url("29479", status="open")).context["counts"]
        assert (counts.total, counts.open, counts.closed) == (3, 2, 1)
        counts = Client().get(list_url("29479", category="thuy-loi")).context["counts"]
        assert (counts.total, counts.open, counts.closed) == (1, 1, 0)

    def test_a_bad_date_is_422_with_a_message(self, three: dict[str, Report]) -> None:
        response = Client().get(list_url("29479", start="31/02/2023"))
        assert response.status_code == 422
        assert "dd/mm/yyyy" in response.content.decode()

    def test_an_end_before_the_start_is_422(self, three: dict[str, Report]) -> None:
        response = Client().get(list_url("29479", start="02/04/2023", end="01/04/2023"))
        assert response.status_code == 422
        assert response.context["form"].errors["end"]

    def test_an_unknown_status_or_category_is_422(self, three: dict[str, Report]) -> None:
        assert Client().get(list_url("29479", status="lost")).status_code == 422
        assert Client().get(list_url("29479", category="khong-co")).status_code == 422


class PageTests:
    def fill(self, place: Any, n: int) -> None:
        for i in range(n):
            file_report(place, on=IN_2023 + dt.timedelta(days=i))

    def test_25_reports_are_one_page_and_26_two(self, personas: Personas) -> None:
        self.fill(personas.hamlet_a_unit, 25)
        page = Client().get(list_url("29479")).context["page"]
        assert page.paginator.num_pages == 1 and len(page.object_list) == 25
        self.fill(personas.commune_a_unit, 1)
        response = Client().get(list_url("29479", page="2"))
        assert response.context["page"].paginator.num_pages == 2
        assert len(response.context["reports"]) == 1

    def test_the_queries_do_not_grow_with_the_reports(
        self, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        self.fill(personas.hamlet_a_unit, 2)
        client = Client()
        client.get(list_url("84"))  # warm the session and caches
        cache.clear()  # the content computed again (not read from the cache)
        with django_assert_max_num_queries(12) as few:
            client.get(list_url("84"))
        self.fill(personas.commune_b_unit, 30)
        cache.clear()
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(list_url("84", status="open"))


class MapTests:
    def test_no_map_without_a_tile_server(self, personas: Personas) -> None:
        file_report(personas.hamlet_a_unit, latitude=9.7, longitude=106.3)
        html = Client().get(list_url("29479")).content.decode()
        assert "feedback-map" not in html and "leaflet" not in html

    @override_settings(MAP_TILE_URL="https://tiles.example.test/{z}/{x}/{y}.png")
    def test_the_map_gets_positions_only(self, personas: Personas) -> None:
        from decimal import Decimal

        report = file_report(
            personas.hamlet_a_unit, latitude=Decimal("9.7"), longitude=Decimal("106.3")
        ).report
        file_report(personas.hamlet_a_unit)  # no position: not on the map
        response = Client().get(list_url("29479"))
        assert response.context["map"]["points"] == [[report.pk, 9.7, 106.3]]
        html = response.content.decode()
        assert 'id="feedback-map-data"' in html and "leaflet.js" in html
        assert "<script>" not in html  # no inline script (CSP)


class CachedListTests:
    """The list's content is cached; every public change shows at once all the same."""

    def test_a_second_reading_is_served_from_the_cache(
        self, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        report = file_report(personas.hamlet_a_unit).report
        client = Client()
        first = client.get(list_url("29479"))
        assert shown(first) == [report.pk]
        with django_assert_max_num_queries(6) as hit:
            again = client.get(list_url("29479"))
        assert "reports" not in again.context  # the content came from the cache
        assert not any('"feedback_report"' in q["sql"] for q in hit.captured_queries)
        assert f"#{report.pk}" in again.content.decode()

    def test_a_move_a_hiding_and_a_me_too_show_at_once(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = Client()
        assert 'badge-err">Đã nhận' in client.get(list_url("29479")).content.decode()
        services.report_refuse(
            report=report,
            version=report.version,
            refusal="spam",
            public_text="Nội dung không phải phản ánh.",
            by=p.commune_a,
        )
        html = client.get(list_url("29479")).content.decode()
        assert 'badge-none">Từ chối' in html and 'badge-err">Đã nhận' not in html
        other = file_report(p.hamlet_a_unit).report
        services.report_support(report=other, who_hash="x" * 64)
        assert "1 người cũng gặp" in client.get(list_url("29479")).content.decode()
        other.refresh_from_db()
        services.report_set_hidden(
            report=other, version=other.version, hidden=True, reason="Lộ số", by=p.province
        )
        assert f"#{other.pk}" not in client.get(list_url("29479")).content.decode()

    def test_a_category_renamed_shows_at_once(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        client = Client()
        client.get(list_url("29479"))
        category = report.category
        fields = {
            f: getattr(category, f)
            for f in ("description", "parent", "level", "role", "deadline_days", "keywords")
        }
        services.category_update(
            category=category,
            version=category.version,
            by=personas.province,
            **fields,
            name="Cầu đường",
            attributes=category.attributes,
            position=category.position,
        )
        assert "Cầu đường" in client.get(list_url("29479")).content.decode()

    def test_each_language_and_each_query_has_its_own_content(self, personas: Personas) -> None:
        file_report(personas.hamlet_a_unit)
        client = Client()
        assert "Số phản ánh theo trạng thái" in client.get(list_url("29479")).content.decode()
        client.cookies["django_language"] = "en"
        assert "Reports by status" in client.get(list_url("29479")).content.decode()
        assert shown(client.get(list_url("29479", status="closed"))) == []
