from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.testing import Personas
from smartrural.transformation.models import CommunityTechTeam
from smartrural.transformation.teams.selectors import (
    Coverage,
    activity_totals,
    hamlet_coverage,
    team_coverage,
    team_list,
)
from smartrural.transformation.teams.services import (
    activity_record,
    member_add,
    member_set_active,
    team_create,
    team_set_active,
)

MARCH = dt.date(2023, 3, 1)


def _hamlet(parent: AdministrativeUnit, code: str, **kwargs: Any) -> AdministrativeUnit:
    return unit_create(
        code=code,
        name=f"Ấp {code}",
        kind="ap",
        level="hamlet",
        parent=parent,
        valid_to=kwargs.pop("valid_to", dt.date(2025, 6, 30)),
        **kwargs,
    )


@pytest.fixture
def hamlets(personas: Personas) -> dict[str, AdministrativeUnit]:
    """Ngãi Xuyên: Ấp Chợ (personas) + 2 more; Kim Sơn: 1; Mỹ Cẩm (Càng Long): 1; a hamlet of
    Ngãi Xuyên that only exists from 2024."""
    return {
        "a1": personas.hamlet_a_unit,
        "a2": _hamlet(personas.commune_a_unit, "2947902"),
        "a3": _hamlet(personas.commune_a_unit, "2947903"),
        "b1": _hamlet(personas.commune_b_unit, "2948201"),
        "c1": _hamlet(personas.other_commune_unit, "2926901"),
        "later": _hamlet(personas.commune_a_unit, "2947909", valid_from=dt.date(2024, 1, 1)),
    }


def _team(p: Personas, code: str, name: str = "Tổ CNS") -> CommunityTechTeam:
    return team_create(unit_code=code, name=name, established=MARCH, by=p.province)


class CoverageTests:
    def test_a_hamlet_counts_only_with_an_active_team_of_its_own(
        self, personas: Personas, hamlets: dict[str, AdministrativeUnit]
    ) -> None:
        _team(personas, "2947901")
        _team(personas, "2947901", "Tổ CNS 2")  # a second team covers the same hamlet once
        inactive = _team(personas, "2947902")
        team_set_active(team=inactive, active=False, on=dt.date(2023, 4, 1), by=personas.province)
        _team(personas, "29479", "Tổ CNS xã")  # the commune's team covers no hamlet
        _team(personas, "2948201")
        _team(personas, "2926901")

        # Province: 5 hamlets valid on 1 July 2023 (not the 2024 one), 3 covered.
        assert team_coverage(user=personas.province, year=2023) == Coverage(3, 5)
        # Trà Cú: Ngãi Xuyên's 3 and Kim Sơn's 1; Ngãi Xuyên alone: 1 of 3.
        assert team_coverage(user=personas.district, year=2023) == Coverage(2, 4)
        assert team_coverage(user=personas.commune_a, year=2023) == Coverage(1, 3)
        assert team_coverage(
            user=personas.district, year=2023, commune=personas.commune_b_unit
        ) == Coverage(1, 1)
        # 2024: the new hamlet counts too.
        assert team_coverage(user=personas.commune_a, year=2024) == Coverage(1, 4)
        # 2026: the Trà Vinh units ended on 30/06/2025.
        assert team_coverage(user=personas.province, year=2026) == Coverage(0, 0)

    def test_a_team_stopped_later_still_covers_the_years_it_worked(
        self, personas: Personas, hamlets: dict[str, AdministrativeUnit]
    ) -> None:
        stopped = _team(personas, "2947902")
        team_set_active(team=stopped, active=False, by=personas.province)  # today, 2026
        assert stopped.inactive_since == today()
        assert team_coverage(user=personas.commune_a, year=2023) == Coverage(1, 3)
        team_set_active(team=stopped, active=True, by=personas.province)
        assert stopped.active and stopped.inactive_since is None
        with pytest.raises(ValidationFailed):  # before the team was established
            team_set_active(
                team=stopped, active=False, on=dt.date(2022, 1, 1), by=personas.province
            )

    def test_the_percentage_is_rounded_and_absent_without_hamlets(self) -> None:
        assert Coverage(1, 3).percent == Decimal("33.3")
        assert Coverage(2, 3).percent == Decimal("66.7")
        assert Coverage(0, 0).percent is None

    def test_the_rule_applies_to_any_set_of_hamlets(
        self, personas: Personas, hamlets: dict[str, AdministrativeUnit]
    ) -> None:
        _team(personas, "2948201")
        kim_son = AdministrativeUnit.objects.filter(code__startswith="29482", level="hamlet")
        assert hamlet_coverage(hamlets=kim_son, on=dt.date(2023, 12, 31)) == Coverage(1, 1)


class TeamListTests:
    def test_it_counts_active_members_and_households_of_the_year(
        self, personas: Personas, hamlets: dict[str, AdministrativeUnit]
    ) -> None:
        team = _team(personas, "2947901")
        member_add(team=team, full_name="A", by=personas.province)
        gone = member_add(team=team, full_name="B", by=personas.province)
        member_set_active(member=gone, active=False, by=personas.province)
        for date, households in [
            (dt.date(2023, 4, 1), 10),
            (dt.date(2023, 12, 31), 5),
            (dt.date(2024, 1, 1), 7),
        ]:
            activity_record(
                team=team, date=date, kind="other", households=households, by=personas.province
            )
        _team(personas, "2948201")
        rows: dict[str, Any] = {
            t.unit.code: t for t in team_list(user=personas.province, year=2023)
        }
        assert (rows["2947901"].members_count, rows["2947901"].households_year) == (1, 15)
        assert (rows["2948201"].members_count, rows["2948201"].households_year) == (0, 0)
        row: Any = team_list(user=personas.province, year=2024).get(pk=team.pk)
        assert row.households_year == 7

    def test_it_is_scoped_and_filtered(
        self, personas: Personas, hamlets: dict[str, AdministrativeUnit]
    ) -> None:
        _team(personas, "2947901")
        _team(personas, "29479", "Tổ CNS xã")
        stopped = _team(personas, "2948201")
        team_set_active(team=stopped, active=False, by=personas.province)
        _team(personas, "2926901")

        def codes(**kwargs: Any) -> set[str]:
            return {t.unit.code for t in team_list(year=2023, **kwargs)}

        assert codes(user=personas.province) == {"2947901", "29479", "2948201", "2926901"}
        assert codes(user=personas.commune_a) == {"2947901", "29479"}
        assert codes(user=personas.district) == {"2947901", "29479", "2948201"}
        assert codes(user=personas.province, commune=personas.commune_a_unit) == {
            "2947901",
            "29479",
        }
        assert codes(user=personas.district, active=False) == {"2948201"}
        assert codes(user=personas.district, active=True) == {"2947901", "29479"}


class ActivityTotalTests:
    def test_totals_per_kind_follow_the_kinds_order(self, personas: Personas) -> None:
        team = _team(personas, "2947901")
        for date, kind, households in [
            (dt.date(2023, 5, 1), "cashless_payment", 4),
            (dt.date(2023, 6, 1), "national_id_app", 10),
            (dt.date(2023, 7, 1), "cashless_payment", 6),
            (dt.date(2024, 1, 2), "national_id_app", 99),
        ]:
            activity_record(
                team=team, date=date, kind=kind, households=households, by=personas.province
            )
        totals = activity_totals(team=team, year=2023)
        assert [(t.kind, t.activities, t.households) for t in totals] == [
            ("national_id_app", 1, 10),
            ("cashless_payment", 2, 10),
        ]
