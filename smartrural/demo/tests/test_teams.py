"""The demo's community technology teams: 2023 on the hamlets of Trà Vinh, carried to the
successor communes on 01/07/2025 and at work until 11/2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import QuerySet

from smartrural.geo.models import AdministrativeUnit
from smartrural.transformation.models import CommunityTechTeam, TeamActivity
from smartrural.transformation.teams.selectors import hamlet_coverage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]
END_2023 = dt.date(2023, 12, 31)
TODAY = dt.date(2026, 12, 2)


def hamlets_on(on: dt.date, province: str) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.valid_on(on).filter(
        level="hamlet", is_demo=True, parent__path__startswith=_path(province, on)
    )


def _path(code: str, on: dt.date) -> str:
    return AdministrativeUnit.objects.valid_on(on).get(code=code, level="province").path


class TeamsDemoTests:
    def test_340_of_608_hamlets_have_a_team_at_work_at_the_end_of_2023(self) -> None:
        hamlets = hamlets_on(dt.date(2023, 7, 1), "84")
        coverage = hamlet_coverage(hamlets=hamlets, on=END_2023)
        assert (coverage.covered, coverage.total) == (340, 608)
        teams = CommunityTechTeam.objects.filter(unit__in=hamlets)
        assert 0.55 <= teams.count() / hamlets.count() <= 0.65
        for code in ("29479", "29482", "29488"):
            assert teams.filter(unit__parent__code=code).exists(), code

    def test_teams_have_3_to_6_members_and_activities_in_every_month_of_2023(self) -> None:
        teams = CommunityTechTeam.objects.prefetch_related("members", "activities")
        for team in teams.filter(established__lte=END_2023):
            assert 3 <= len(team.members.all()) <= 6
            assert all(team.established <= a.date <= TODAY for a in team.activities.all())
        in_2023 = TeamActivity.objects.filter(date__year=2023).values_list("date", flat=True)
        assert {d.month for d in in_2023} == set(range(1, 13))
        assert CommunityTechTeam.history.count() >= CommunityTechTeam.objects.count()

    def test_teams_are_carried_to_the_successor_hamlets_and_work_until_11_2026(self) -> None:
        today = hamlets_on(TODAY, "86")
        coverage = hamlet_coverage(hamlets=today, on=TODAY)
        assert coverage.total == today.count() > 0
        assert coverage.covered > 0.5 * coverage.total
        old = hamlets_on(dt.date(2025, 6, 30), "84")
        assert hamlet_coverage(hamlets=old, on=dt.date(2025, 7, 1)).covered == 0
        activities = TeamActivity.objects.filter(team__unit__in=today)
        assert activities.filter(date__year=2026, date__month=11).exists()
        assert not activities.filter(date__gt=TODAY).exists()
