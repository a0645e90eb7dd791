"""Large work record imports: the row limit, the short write phase and what changed meanwhile."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartrural.accounts.tokens import api_token_create
from smartrural.geo.services import unit_update
from smartrural.testing import Personas
from smartrural.transformation.models import Source, WorkRecordStat
from smartrural.transformation.work_records import services
from smartrural.transformation.work_records.services import (
    WorkRecordRow,
    imports,
    work_record_submit,
    write,
)

URL = "/api/v1/work-records"
UPLOAD = "/transformation/work-records/upload/"
LIMIT_TEXT = "Lần nhập này có 4 dòng; mỗi lần chỉ nhận tối đa 3 dòng."


def rows(count: int, unit: str = "29479") -> list[dict[str, Any]]:
    """``count`` months of ``unit`` back from 12/2023."""
    out = []
    for i in range(count):
        year, month = 2023 - i // 12, 12 - i % 12
        out.append({"unit": unit, "month": f"{year}-{month:02d}", "total": 100, "online": i % 90})
    return out


def post(user: Any, body: Any) -> Any:
    _token, raw = api_token_create(user=user)
    return Client().post(
        URL,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def meanwhile(action: Any) -> Any:
    """Patch the write phase's preparation so that ``action`` happens between the check and
    the write (as another officer's request would)."""
    real = write.prepare_bulk_write

    def prepare(*args: Any, **kwargs: Any) -> Any:
        prepared = real(*args, **kwargs)
        action()
        return prepared

    return mock.patch.object(write, "prepare_bulk_write", prepare)


@pytest.mark.django_db
class RowLimitTests:
    def test_an_import_at_the_limit_is_written(self, personas: Personas, settings: Any) -> None:
        settings.IMPORT_MAX_ROWS = 3
        response = post(personas.commune_a, rows(3))
        assert response.status_code == 201, response.content
        assert WorkRecordStat.objects.count() == 3

    def test_one_row_over_the_limit_is_a_413_naming_the_limit(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 3
        response = post(personas.commune_a, rows(4))
        assert response.status_code == 413
        detail = response.json()["detail"]
        assert detail.startswith(LIMIT_TEXT)
        assert "Hãy chia thành nhiều phần, mỗi phần không quá 3 dòng" in detail
        assert not WorkRecordStat.objects.exists()

    def test_a_35000_row_import_is_refused_at_the_default_limit(self, personas: Personas) -> None:
        many = [
            {"unit": "29479", "month": f"{2000 + i % 34}-{i % 12 + 1:02d}", "total": 1, "online": 0}
            for i in range(35_000)
        ]
        response = post(personas.province, many)
        assert response.status_code == 413
        assert "35.000 dòng" in response.json()["detail"]
        assert "tối đa 10.000 dòng" in response.json()["detail"]

    def test_the_upload_page_names_the_limit_in_the_form(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 3
        lines = ["Mã đơn vị,Tháng,Tổng số hồ sơ,Xử lý trực tuyến"]
        lines += [f"{r['unit']},{r['month']},{r['total']},{r['online']}" for r in rows(4)]
        upload = SimpleUploadedFile("e-office.csv", "\n".join(lines).encode(), "text/csv")
        response = personas.client(personas.commune_a).post(UPLOAD, {"file": upload})
        assert response.status_code == 422
        assert LIMIT_TEXT in response.content.decode()
        assert not WorkRecordStat.objects.exists()


@pytest.mark.django_db
class WritePhaseTests:
    def test_new_and_updated_rows_keep_their_history_and_author(self, personas: Personas) -> None:
        first = post(personas.district, rows(2) + rows(1, unit="849"))
        assert first.json()["imported"] == 3
        again = post(personas.district, [{**rows(1)[0], "total": 150}])
        assert (again.json()["imported"], again.json()["updated"]) == (0, 1)
        stat = WorkRecordStat.objects.get(unit__code="29479", month=dt.date(2023, 12, 1))
        assert (stat.total, stat.source, stat.entered_by) == (150, Source.API, personas.district)
        history = list(stat.history.order_by("history_date", "history_id"))
        assert [(h.history_type, h.total, h.history_user) for h in history] == [
            ("+", 100, personas.district),
            ("~", 150, personas.district),
        ]
        assert history[1].entered_at > history[0].entered_at

    def test_a_month_entered_meanwhile_makes_its_row_a_conflict_and_writes_nothing(
        self, personas: Personas
    ) -> None:
        def enter() -> None:
            work_record_submit(
                unit=personas.commune_a_unit,
                month=dt.date(2023, 11, 1),
                total=70,
                online=7,
                by=personas.commune_a,
            )

        with meanwhile(enter):
            response = post(personas.district, rows(3))
        assert response.status_code == 409
        body = response.json()
        assert [(c["row"], c["unit"]) for c in body["conflicts"]] == [(2, "29479")]
        assert "vừa được người khác thay đổi" in body["conflicts"][0]["message"]
        # only the officer's entry is stored, as entered
        assert list(WorkRecordStat.objects.values_list("month", "total")) == [
            (dt.date(2023, 11, 1), 70)
        ]

    def test_a_unit_closed_meanwhile_makes_its_rows_conflicts(self, personas: Personas) -> None:
        def close() -> None:
            unit_update(unit=personas.commune_b_unit, valid_to=dt.date(2023, 6, 30))

        body = rows(2) + rows(2, unit="29482")
        with meanwhile(close):
            response = post(personas.district, body)
        assert response.status_code == 409
        assert [c["row"] for c in response.json()["conflicts"]] == [3, 4]
        assert not WorkRecordStat.objects.exists()


@pytest.mark.django_db(transaction=True)
class CheckPhaseTests:
    def test_the_check_runs_outside_any_transaction(self, personas: Personas) -> None:
        # On SQLite (IMMEDIATE) a transaction holds the write lock from its start: the check
        # must not be in one, or others could not write while it reads.
        seen: list[bool] = []
        real = imports._work_records_check

        def check(*args: Any, **kwargs: Any) -> Any:
            from django.db import connection

            seen.append(connection.in_atomic_block)
            return real(*args, **kwargs)

        with mock.patch.object(imports, "_work_records_check", check):
            summary = services.work_records_import(
                rows=[WorkRecordRow(**r) for r in rows(2)], by=personas.commune_a
            )
        assert summary.ok and summary.imported == 2
        assert seen == [False]

    def test_rows_with_a_version_are_checked_outside_any_transaction_too(
        self, personas: Personas
    ) -> None:
        # PostgreSQL refuses a locking read outside a transaction: the check reads plainly.
        first = post(personas.commune_a, [row | {"version": 0} for row in rows(2)])
        assert first.status_code == 201, first.content
        again = [row | {"online": 5, "version": 1} for row in rows(2)]
        again[1]["version"] = 0  # stale: that month is at version 1 now
        response = post(personas.commune_a, again)
        assert response.status_code == 409, response.content
        assert [c["row"] for c in response.json()["conflicts"]] == [2]
        response = post(personas.commune_a, [row | {"version": 1} for row in again])
        assert response.status_code == 201, response.content
        assert sorted(WorkRecordStat.objects.values_list("online", "version")) == [(5, 2), (5, 2)]

    def test_the_versions_are_read_in_one_query_however_many_rows(self, personas: Personas) -> None:
        def check_queries(count: int) -> int:
            body = [WorkRecordRow(**row, version=0) for row in rows(count)]
            with CaptureQueriesContext(connection) as queries:
                summary, checked = imports._work_records_check(body, by=personas.commune_a)
            assert not summary.conflicts and len(checked) == count
            assert [item.row for item in checked] == list(range(1, count + 1))
            return len(queries)

        check_queries(1)  # the reader's scope is cached on the user after its first read
        assert check_queries(2) == check_queries(24) == 2  # the units, the stored figures
