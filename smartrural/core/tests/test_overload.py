"""A busy database or a request past its time limit: 503 with Retry-After, never a 500."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from unittest import mock

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, connection
from django.db.models import QuerySet
from django.test import Client

from smartrural.accounts.tokens import api_token_create
from smartrural.core.deadline import DeadlineExceeded, request_deadline
from smartrural.core.overload import BUSY, TIMEOUT, overload_kind
from smartrural.testing import PASSWORD, Personas
from smartrural.transformation.models import WorkRecordStat

LOCKED = OperationalError("database is locked")
WORK_RECORDS = "/api/v1/work-records"
ENTRY = "/transformation/work-records/?unit=29479&year=2023"
ONE = {"unit": "29479", "month": "2023-05", "total": 100, "online": 40}
# Counts forever: only an interrupt ends it.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"


def postgres_error(sqlstate: str) -> OperationalError:
    """As Django raises a psycopg error: its own class, the driver's error as the cause."""
    error = OperationalError("canceling statement")
    error.__cause__ = psycopg.errors.lookup(sqlstate)("canceling statement")
    return error


def bearer(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(user=user)
    return {"Authorization": f"Bearer {raw}"}


def assert_busy_503(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


class OverloadKindTests:
    @pytest.mark.parametrize(
        ("error", "kind"),
        [
            (OperationalError("database is locked"), BUSY),
            (OperationalError("database table is locked: transformation_workrecordstat"), BUSY),
            (OperationalError("interrupted"), TIMEOUT),
            (DeadlineExceeded(), TIMEOUT),
            (postgres_error("55P03"), BUSY),  # lock_timeout
            (postgres_error("40001"), BUSY),  # serialization failure
            (postgres_error("40P01"), BUSY),  # deadlock
            (postgres_error("57014"), TIMEOUT),  # statement_timeout
            (postgres_error("42P01"), None),  # undefined table: a real error
            (OperationalError("no such table: x"), None),
            (IntegrityError("UNIQUE constraint failed"), None),
            (ValueError("database is locked"), None),
        ],
    )
    def test_it_tells_an_overload_from_a_real_error(
        self, error: BaseException, kind: str | None
    ) -> None:
        assert overload_kind(error) == kind


@pytest.mark.django_db
class BusyDatabaseTests:
    def test_a_page_gets_the_vietnamese_503_page_and_one_log_line(
        self, personas: Personas, caplog: Any
    ) -> None:
        client = personas.client(personas.commune_a)
        target = "smartrural.transformation.work_records.views.records.work_record_submit"
        with mock.patch(target, side_effect=LOCKED), caplog.at_level(logging.INFO):
            response = client.post(ENTRY, {"month": "05/2023", "total": "120", "online": "30"})
        assert_busy_503(response)
        page = response.content.decode()
        assert "Hệ thống đang bận" in page and "Vui lòng thử lại sau vài giây" in page
        assert '<html lang="vi">' in page
        records = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(records) == 1
        assert records[0].name == "smartrural.overload"
        assert "503 busy POST /transformation/work-records/" in records[0].getMessage()
        assert records[0].exc_info is None

    def test_the_api_gets_a_json_503(self, personas: Personas) -> None:
        target = "smartrural.transformation.api.work_records.work_record_submit"
        with mock.patch(target, side_effect=LOCKED):
            response = Client().post(
                WORK_RECORDS,
                json.dumps(ONE),
                content_type="application/json",
                headers=bearer(personas.commune_a),
            )
        assert_busy_503(response)
        assert response.json() == {
            "detail": "Cơ sở dữ liệu đang bận lưu các thay đổi khác và yêu cầu này không thể "
            "chờ thêm. Vui lòng thử lại sau vài giây."
        }

    def test_other_database_errors_stay_server_errors(self, personas: Personas) -> None:
        target = "smartrural.transformation.api.work_records.work_record_submit"
        client = Client(raise_request_exception=False)
        with mock.patch(target, side_effect=IntegrityError("UNIQUE constraint failed")):
            response = client.post(
                WORK_RECORDS,
                json.dumps(ONE),
                content_type="application/json",
                headers=bearer(personas.commune_a),
            )
        assert response.status_code == 500
        assert "Retry-After" not in response

    def test_a_lock_met_by_a_middleware_is_a_503_too(self, personas: Personas) -> None:
        # Logging in creates the session in the view (let through here) and saves it again
        # in SessionMiddleware once the view has answered (locked here).
        def save(must_create: bool = False) -> None:
            if not must_create:
                raise LOCKED

        client = Client(raise_request_exception=False)
        target = "django.contrib.sessions.backends.db.SessionStore.save"
        with mock.patch(target, side_effect=save):
            response = client.post(
                "/accounts/login/", {"username": "xa-29479", "password": PASSWORD}
            )
        assert_busy_503(response)
        assert "Hệ thống đang bận" in response.content.decode()

    def test_a_busy_database_does_not_refuse_a_token_reader(self, personas: Personas) -> None:
        # Recording the token's use is bookkeeping: the read goes on without it.
        headers = bearer(personas.commune_a)
        with mock.patch.object(QuerySet, "update", side_effect=LOCKED):
            response = Client().get("/api/v1/accounts/me", headers=headers)
        assert response.status_code == 200
        assert response.json()["username"] == "xa-29479"


@pytest.mark.django_db(transaction=True)
class StatementTimeLimitTests:
    def test_a_statement_past_the_deadline_is_stopped(self, settings: Any) -> None:
        # SQLite: the progress handler interrupts it; PostgreSQL: a connection opened during a
        # request carries statement_timeout.
        settings.REQUEST_TIME_LIMIT_SECONDS = 1
        endless = ENDLESS if connection.vendor == "sqlite" else "SELECT pg_sleep(30)"
        connection.close()
        try:
            started = time.monotonic()
            with (
                request_deadline(1),
                pytest.raises(OperationalError) as caught,
                connection.cursor() as cursor,
            ):
                cursor.execute(endless)
            assert overload_kind(caught.value) == TIMEOUT
            assert time.monotonic() - started < 5
        finally:
            connection.close()  # the next test gets a connection without the limit


@pytest.mark.django_db
class TimeLimitTests:
    def test_without_a_deadline_nothing_is_interrupted(self) -> None:
        # The worker and commands have no deadline: a long statement runs to its end.
        with connection.cursor() as cursor:
            cursor.execute(ENDLESS.replace("FROM c)", "FROM c WHERE x < 300000)"))
            assert cursor.fetchone() == (300000,)

    def test_a_request_past_its_limit_is_a_503_and_writes_nothing(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.REQUEST_TIME_LIMIT_SECONDS = 1
        rows = [{**ONE, "month": f"{2001 + i // 12}-{i % 12 + 1:02d}"} for i in range(600)]
        headers = bearer(personas.commune_a)
        start = time.monotonic()
        looks = iter([start])  # the request's start; every later look is 2 s on

        def clock() -> float:
            return next(looks, start + 2)

        with mock.patch("smartrural.core.deadline._clock", clock):
            response = Client().post(
                WORK_RECORDS, json.dumps(rows), content_type="application/json", headers=headers
            )
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert response.json()["detail"].startswith("Yêu cầu chạy quá 1 giây nên đã bị dừng.")
        assert not WorkRecordStat.objects.exists()
