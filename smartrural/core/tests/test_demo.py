from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from smartrural.accounts.models import Role, User
from smartrural.core.demo import DEMO_PASSWORD
from smartrural.geo.models import AdministrativeUnit, Level, Succession
from smartrural.geo.services import unit_update
from smartrural.transformation.models import (
    CommunityTechTeam,
    HamletAssessment,
    PilotCandidate,
    Source,
    WorkRecordStat,
)
from smartrural.transformation.services import work_record_submit


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return (
        AdministrativeUnit.objects.count(),
        Succession.objects.count(),
        User.objects.count(),
    )


@pytest.fixture(autouse=True)
def static_root(settings, tmp_path) -> None:
    settings.STATIC_ROOT = tmp_path / "static"


@pytest.mark.django_db
class DemoTests:
    @pytest.fixture(autouse=True)
    def demo_mode(self, settings) -> None:
        settings.DEMO_MODE = True

    def test_it_loads_the_province_and_prints_the_logins(self) -> None:
        output = run_demo()
        on = dt.date(2023, 6, 1)
        units = AdministrativeUnit.objects.valid_on(on)
        assert units.filter(level=Level.DISTRICT).count() == 9
        assert units.filter(level=Level.COMMUNE).count() == 106
        assert units.filter(level=Level.HAMLET, is_demo=True).count() > 300
        for username in ("vpdp", "huyen-849", "xa-29479", "xa-29482", "xa-29488", "viewer"):
            assert username in output
        assert DEMO_PASSWORD in output
        assert User.objects.get(username="huyen-849").role == Role.DISTRICT_OFFICER
        assert User.objects.filter(is_demo=False).count() == 0

    def test_running_it_twice_adds_nothing(self) -> None:
        run_demo()
        first = counts()
        run_demo()
        assert counts() == first

    def test_it_starts_again_after_officers_edited_the_data(self) -> None:
        run_demo()
        on = dt.date(2023, 6, 1)
        commune = AdministrativeUnit.objects.valid_on(on).get(code="29479")
        unit_update(unit=commune, name="Xã Ngãi Xuyên (đã sửa)")
        team = CommunityTechTeam.objects.select_related("unit").order_by("pk").first()
        assert team is not None
        unit_update(unit=team.unit, name=f"{team.unit.name} Mới")
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
        before = (*counts(), WorkRecordStat.objects.count(), CommunityTechTeam.objects.count())

        run_demo()

        assert (
            *counts(),
            WorkRecordStat.objects.count(),
            CommunityTechTeam.objects.count(),
        ) == before
        commune.refresh_from_db()
        assert commune.name == "Xã Ngãi Xuyên (đã sửa)"
        team.unit.refresh_from_db()
        assert team.unit.name.endswith(" Mới")
        edited = WorkRecordStat.objects.get(pk=stat.pk)
        assert (edited.total, edited.source) == (stat.total + 7, Source.ENTERED)

    def test_two_runs_generate_the_same_hamlets(self) -> None:
        run_demo()
        names = list(
            AdministrativeUnit.objects.filter(level=Level.HAMLET)
            .values_list("code", "valid_from", "name")
            .order_by("code", "valid_from")
        )
        Succession.objects.filter(predecessor__level=Level.HAMLET).delete()
        # the digital transformation demo hangs teams, pilots and checklists off hamlets
        HamletAssessment.objects.all().delete()
        PilotCandidate.objects.filter(unit__level=Level.HAMLET).delete()
        CommunityTechTeam.objects.all().delete()
        AdministrativeUnit.objects.filter(level=Level.HAMLET).delete()
        run_demo()
        again = list(
            AdministrativeUnit.objects.filter(level=Level.HAMLET)
            .values_list("code", "valid_from", "name")
            .order_by("code", "valid_from")
        )
        assert again == names

    def test_demo_logins_work_in_demo_mode(self) -> None:
        run_demo()
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": "xa-29479", "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302

    def test_it_refuses_a_database_with_real_accounts(self) -> None:
        User.objects.create_user("thật", password="x-long-password-1")
        with pytest.raises(CommandError, match="real"):
            run_demo()
        assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
class DemoModeTests:
    def test_it_runs_only_in_demo_mode(self, settings) -> None:
        settings.DEMO_MODE = False
        with pytest.raises(CommandError, match="demo mode"):
            run_demo()
