from __future__ import annotations

import datetime as dt

import pytest

from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.reference import generate_demo_hamlets, load_reference_units
from smartrural.transformation.models import CommunityTechTeam, TeamActivity, TeamMember
from smartrural.transformation.teams.demo import load_demo
from smartrural.transformation.teams.selectors import hamlet_coverage


def _snapshot() -> list[tuple[object, ...]]:
    """Teams, members and activities by unit code, in creation order within a unit. Read without
    joins: after the delete and reload inside one transaction PostgreSQL has no statistics for
    the new rows and planned the three-table join as nested loops (15 minutes)."""
    codes = dict(CommunityTechTeam.objects.values_list("pk", "unit__code"))
    teams = sorted(
        CommunityTechTeam.objects.values_list("unit__code", "name", "established", "active")
    )
    members = sorted(
        (codes[team], pk, name, role, phone, active)
        for pk, team, name, role, phone, active in TeamMember.objects.values_list(
            "pk", "team_id", "full_name", "role", "phone", "active"
        )
    )
    activities = sorted(
        (codes[team], pk, day, kind, households)
        for pk, team, day, kind, households in TeamActivity.objects.values_list(
            "pk", "team_id", "date", "kind", "households"
        )
    )
    # the primary keys order rows within a unit and are left out of the comparison
    return [
        *teams,
        *((code, *rest) for code, _pk, *rest in members),
        *((code, *rest) for code, _pk, *rest in activities),
    ]


@pytest.mark.django_db
class TeamsDemoTests:
    @pytest.fixture(autouse=True)
    def province(self) -> None:
        load_reference_units()
        generate_demo_hamlets(seed=2023)

    def test_about_60_percent_of_the_demo_hamlets_get_a_team(self) -> None:
        load_demo()
        hamlets = AdministrativeUnit.objects.valid_on(dt.date(2023, 7, 1)).filter(
            level="hamlet", is_demo=True
        )
        teams = CommunityTechTeam.objects.all()
        share = teams.count() / hamlets.count()
        assert 0.55 <= share <= 0.65
        inactive = teams.filter(active=False).count()
        assert 0 < inactive < teams.count() * 0.1
        assert (
            0.5
            <= hamlet_coverage(hamlets=hamlets, on=dt.date(2023, 12, 31)).covered / hamlets.count()
            <= 0.65
        )
        for code in ("29479", "29482", "29488"):
            assert teams.filter(unit__parent__code=code).exists(), code

    def test_teams_have_3_to_6_members_and_activities_through_2023(self) -> None:
        load_demo()
        for team in CommunityTechTeam.objects.prefetch_related("members", "activities"):
            assert 3 <= len(team.members.all()) <= 6
            dates = [a.date for a in team.activities.all()]
            assert dates, team.name
            assert all(team.established <= d <= dt.date(2023, 12, 31) for d in dates)
            assert all(a.households >= 0 for a in team.activities.all())
        months = {d.month for d in TeamActivity.objects.values_list("date", flat=True)}
        assert months == set(range(1, 13))
        assert CommunityTechTeam.history.count() == CommunityTechTeam.objects.count()

    def test_it_is_deterministic_and_a_second_run_adds_nothing(self) -> None:
        load_demo()
        first = _snapshot()
        load_demo()
        assert _snapshot() == first
        CommunityTechTeam.objects.all().delete()
        load_demo()
        assert _snapshot() == first
