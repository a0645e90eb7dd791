"""Rate limits of the public form: per address an hour and a day, per phone a day, counted from
the reports table; the page over the limit is 429 in Vietnamese, saying when to try again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from smartrural.feedback import tracking
from smartrural.feedback.models import Report
from smartrural.feedback.ratelimit import RateLimited, check_report_rate
from smartrural.testing import TODAY, Personas, clock_at

from .factories import file_report, today_units
from .reporting_helpers import form_data

pytestmark = pytest.mark.django_db


def send(client: Client, place: Any, **over: Any) -> Any:
    return client.post("/feedback/new/", form_data(place, **over))


class PerAddressTests:
    def test_the_fifth_report_an_hour_passes_and_the_sixth_is_429(self, personas: Personas) -> None:
        place = today_units(personas).hamlet_a_unit
        client = Client()
        with clock_at(TODAY, hour=9):
            statuses = [send(client, place, phone="").status_code for _ in range(5)]
            refused = send(client, place, phone="")
            other = Client(REMOTE_ADDR="10.1.2.3").post("/feedback/new/", form_data(place))
        assert statuses == [302] * 5
        assert refused.status_code == 429
        page = refused.content.decode()
        assert (
            "tối đa 5 phản ánh mỗi giờ" in page
            and "Bạn có thể gửi tiếp từ 10:01 02/12/2026" in page
        )
        assert other.status_code == 302
        assert Report.objects.count() == 6

    def test_the_hour_window_moves_on(self, personas: Personas) -> None:
        place = today_units(personas).hamlet_a_unit
        client = Client()
        with clock_at(TODAY, hour=9) as clock:
            for _ in range(5):
                send(client, place, phone="")
            clock.shift(59 * 60)  # 09:59: the five are still within the hour
            assert send(client, place, phone="").status_code == 429
            clock.shift(2 * 60)  # 10:01: the first one left the window
            assert send(client, place, phone="").status_code == 302

    def test_twenty_a_day_then_429(self, personas: Personas) -> None:
        place = today_units(personas).hamlet_a_unit
        client_hash = tracking.keyed_hash("addr:127.0.0.1")
        for hour in range(4):  # 4 × 5 = 20 across the day, within each hour's limit
            for _ in range(5):
                file_report(place, on=TODAY, client_hash=client_hash, contact=None)
            Report.objects.filter(
                submitted_at__gte=timezone.now() - dt.timedelta(days=9999)
            ).filter(pk__in=Report.objects.order_by("-pk").values("pk")[:5]).update(
                submitted_at=_at(hour)
            )
        with clock_at(TODAY, hour=15):
            refused = send(Client(), place, phone="")
        assert refused.status_code == 429
        assert "tối đa 20 phản ánh mỗi ngày" in refused.content.decode()


def _at(hour: int) -> dt.datetime:
    return dt.datetime(
        TODAY.year, TODAY.month, TODAY.day, 8 + hour, tzinfo=timezone.get_current_timezone()
    )


class PerPhoneTests:
    def test_three_reports_a_day_per_phone_then_429(self, personas: Personas) -> None:
        place = today_units(personas).hamlet_a_unit
        with clock_at(TODAY, hour=9):
            statuses = [
                Client(REMOTE_ADDR=f"10.0.0.{n}")
                .post("/feedback/new/", form_data(place))
                .status_code
                for n in range(4)
            ]
        assert statuses == [302, 302, 302, 429]
        assert Report.objects.count() == 3

    def test_the_limit_check_reads_the_reports_table(self, personas: Personas) -> None:
        place = today_units(personas).hamlet_a_unit
        for _ in range(3):
            file_report(place, on=TODAY)  # phone 0912345678 through the service
        phone = tracking.keyed_hash("0912345678")
        with clock_at(TODAY, hour=10):
            with pytest.raises(RateLimited) as refused:
                check_report_rate(client="", phone=phone, now=timezone.now())
            check_report_rate(
                client="", phone=tracking.keyed_hash("0987654321"), now=timezone.now()
            )
        assert refused.value.retry_at == _at(1) + dt.timedelta(days=1)
