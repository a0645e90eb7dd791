"""``smartrural demo``: loads an empty database once, starts a complete demo without loading,
serves an edited one as it is, refuses real accounts, runs only in demo mode."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from smartrural.accounts.models import Role, User
from smartrural.demo import load
from smartrural.demo.accounts import demo_password
from smartrural.demo.management.commands import demo as command
from smartrural.demo.models import DemoStamp
from smartrural.geo.models import AdministrativeUnit, Level, Succession
from smartrural.geo.services import unit_update
from smartrural.transformation.models import Source, WorkRecordStat
from smartrural.transformation.work_records.services import work_record_submit


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        AdministrativeUnit.objects.count(),
        Succession.objects.count(),
        User.objects.count(),
        WorkRecordStat.objects.count(),
    )


@pytest.fixture(autouse=True)
def demo_mode(settings, tmp_path: Path) -> None:
    settings.DEMO_MODE = True
    settings.STATIC_ROOT = tmp_path / "static"


@pytest.mark.django_db
class EmptyDatabaseTests:
    def test_it_loads_the_story_and_prints_the_logins_but_no_url(self, monkeypatch) -> None:
        # The story up to the first criteria sets: the same path as the whole load, shorter.
        real = load.load_demo
        monkeypatch.setattr(
            command, "load_demo", lambda **kw: real(until=dt.date(2022, 3, 15), **kw)
        )
        output = run_demo()
        units = AdministrativeUnit.objects.valid_on(dt.date(2023, 6, 1))
        assert units.filter(level=Level.DISTRICT).count() == 9
        assert units.filter(level=Level.COMMUNE).count() == 106
        assert units.filter(level=Level.HAMLET, is_demo=True).count() > 300
        for username in ("vpdp", "huyen-849", "xa-29479", "xa-29482", "xa-29488", "viewer"):
            assert username in output
        assert demo_password() in output
        assert "Đang nạp tỉnh trình diễn" in output
        assert "http://" not in output
        assert User.objects.get(username="huyen-849").role == Role.DISTRICT_OFFICER
        assert not User.objects.filter(is_demo=False).exists()

    def test_it_refuses_a_database_with_real_accounts(self) -> None:
        User.objects.create_user("thật", password="x-long-password-1")
        with pytest.raises(CommandError, match="tài khoản thật"):
            run_demo()
        assert not AdministrativeUnit.objects.exists()

    def test_it_runs_only_in_demo_mode(self, settings) -> None:
        settings.DEMO_MODE = False
        with pytest.raises(CommandError, match="chế độ trình diễn"):
            run_demo()


@pytest.mark.usefixtures("demo_db")
@pytest.mark.django_db
class CompleteDemoTests:
    def test_a_complete_demo_is_recognised_and_nothing_is_loaded(self, monkeypatch) -> None:
        assert load.demo_state() == load.State.COMPLETE
        monkeypatch.setattr(command, "load_demo", pytest.fail)
        before = counts()
        output = run_demo()
        assert "đã được nạp" in output
        assert counts() == before

    def test_a_demo_officers_edited_is_served_as_it_is(self, monkeypatch) -> None:
        commune = AdministrativeUnit.objects.valid_on(dt.date(2023, 6, 1)).get(code="29479")
        unit_update(unit=commune, name="Xã Ngãi Xuyên (đã sửa)")
        stat = WorkRecordStat.objects.filter(unit=commune).order_by("month").first()
        assert stat is not None
        work_record_submit(
            unit=commune,
            month=stat.month,
            total=stat.total + 7,
            online=stat.online,
            source=Source.ENTERED,
            by=User.objects.get(username="xa-29479"),
        )
        DemoStamp.objects.all().delete()  # as in a database of an older demo
        assert load.demo_state() == load.State.FOREIGN
        monkeypatch.setattr(command, "load_demo", pytest.fail)
        before = counts()
        output = run_demo()
        assert "được phục vụ nguyên trạng" in output
        assert counts() == before
        commune.refresh_from_db()
        assert commune.name == "Xã Ngãi Xuyên (đã sửa)"
        edited = WorkRecordStat.objects.get(pk=stat.pk)
        assert (edited.total, edited.source) == (stat.total + 7, Source.ENTERED)

    def test_demo_logins_work_in_demo_mode(self) -> None:
        for username in ("xa-29479", "xa-29461", "vpdp", "resident"):
            response = Client().post(
                "/accounts/login/", {"username": username, "password": demo_password()}
            )
            assert response.status_code == 302, username

    def test_a_commune_officer_of_today_exists(self) -> None:
        officer = User.objects.get(username="xa-29461")
        today = dt.date(2026, 12, 2)
        [unit] = [a.unit for a in officer.assignments.select_related("unit")]
        assert unit.name == "Xã Trà Cú" and unit.is_valid_on(today)


class StaticFilesTests:
    def test_static_files_are_collected_only_when_they_changed(self, settings, monkeypatch):
        collected: list[bool] = []
        monkeypatch.setattr(command, "call_command", lambda *a, **k: collected.append(True))
        monkeypatch.setattr(command, "static_fingerprint", lambda: "one")
        assert command.collect_static_if_changed() is True
        assert command.collect_static_if_changed() is False
        monkeypatch.setattr(command, "static_fingerprint", lambda: "two")
        assert command.collect_static_if_changed() is True
        assert len(collected) == 2

    def test_the_fingerprint_follows_the_files(self) -> None:
        assert command.static_fingerprint() == command.static_fingerprint()
