from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.geo.services import unit_create
from smartrural.testing import Personas
from smartrural.transformation.models import CommunityTechTeam, TeamActivity
from smartrural.transformation.teams.services import (
    activity_delete,
    activity_record,
    member_add,
    member_set_active,
    member_update,
    team_create,
    team_set_active,
    team_update,
)

MARCH = dt.date(2023, 3, 1)


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def _team(p: Personas, **kwargs: object) -> CommunityTechTeam:
    fields: dict[str, object] = {
        "unit_code": p.hamlet_a_unit.code,
        "name": "Tổ công nghệ số Ấp Chợ",
        "established": MARCH,
        "by": p.commune_a,
    }
    fields.update(kwargs)
    return team_create(**fields)  # type: ignore[arg-type]


def _error(exc: pytest.ExceptionInfo[ValidationFailed]) -> tuple[str | None, str]:
    return exc.value.field, exc.value.message


class TeamCreateTests:
    def test_a_commune_officer_sets_up_a_team_for_a_hamlet_with_history(
        self, personas: Personas
    ) -> None:
        team = _team(personas)
        assert team.unit == personas.hamlet_a_unit
        assert team.name == "Tổ công nghệ số Ấp Chợ"
        assert team.active
        record = team.history.get()
        assert record.history_user == personas.commune_a
        assert record.history_type == "+"

    def test_a_team_may_serve_the_commune_itself(self, personas: Personas) -> None:
        team = _team(personas, unit_code="29479", name="Tổ CNS xã")
        assert team.unit == personas.commune_a_unit

    def test_it_refuses_a_district_a_province_and_an_unknown_code(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, unit_code="849", by=personas.district)
        assert _error(exc) == ("unit", "Huyện Trà Cú is not a unit of the expected level here.")
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, unit_code="99999")
        assert exc.value.field == "unit"
        assert "No administrative unit has code 99999." in exc.value.message

    def test_it_looks_the_unit_up_on_the_establishment_date(self, personas: Personas) -> None:
        # The Trà Vinh units end on 30/06/2025: a team founded later cannot name them.
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, established=dt.date(2025, 7, 1))
        assert exc.value.field == "unit"
        assert "on 01/07/2025" in exc.value.message

    def test_it_refuses_a_hamlet_outside_the_scope(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, by=personas.commune_b)
        assert exc.value.field == "unit"

    def test_read_only_users_cannot_create(self, personas: Personas) -> None:
        for user in (personas.viewer_a, personas.resident):
            with pytest.raises(PermissionDenied):
                _team(personas, by=user)

    def test_it_refuses_a_future_date_and_a_duplicate(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, established=today() + dt.timedelta(days=1))
        assert exc.value.field == "established"
        _team(personas)
        with pytest.raises(ValidationFailed) as exc:
            _team(personas, name="tổ công nghệ số ấp chợ")
        assert _error(exc) == ("name", "Ấp Chợ already has a team named “tổ công nghệ số ấp chợ”.")


class TeamUpdateTests:
    def test_it_changes_name_unit_and_date_with_history(self, personas: Personas) -> None:
        team = _team(personas)
        team_update(
            team=team,
            unit_code="29479",
            name="Tổ CNS xã Ngãi Xuyên",
            established=dt.date(2023, 2, 1),
            by=personas.district,
        )
        team.refresh_from_db()
        assert (team.unit, team.name, team.established) == (
            personas.commune_a_unit,
            "Tổ CNS xã Ngãi Xuyên",
            dt.date(2023, 2, 1),
        )
        latest = team.history.order_by("-history_id").first()
        assert latest is not None and latest.history_user == personas.district

    def test_the_establishment_date_stays_before_the_first_activity(
        self, personas: Personas
    ) -> None:
        team = _team(personas)
        activity_record(
            team=team, date=dt.date(2023, 4, 10), kind="cashless_payment", households=3,
            by=personas.commune_a,
        )  # fmt: skip
        with pytest.raises(ValidationFailed) as exc:
            team_update(
                team=team,
                unit_code=team.unit.code,
                name=team.name,
                established=dt.date(2023, 5, 1),
                by=personas.commune_a,
            )
        assert exc.value.field == "established"
        assert "activity on 10/04/2023" in exc.value.message

    def test_deactivation_and_reactivation_are_recorded_once(self, personas: Personas) -> None:
        team = _team(personas)
        team_set_active(team=team, active=False, by=personas.commune_a)
        team_set_active(team=team, active=False, by=personas.commune_a)
        team.refresh_from_db()
        assert not team.active
        assert team.history.count() == 2
        team_set_active(team=team, active=True, by=personas.commune_a)
        assert team.history.count() == 3

    def test_viewers_cannot_deactivate(self, personas: Personas) -> None:
        team = _team(personas)
        with pytest.raises(PermissionDenied):
            team_set_active(team=team, active=False, by=personas.viewer_a)


class MemberTests:
    def test_members_are_added_edited_and_deactivated_with_history(
        self, personas: Personas
    ) -> None:
        team = _team(personas)
        member = member_add(
            team=team, full_name="Thạch Sa Rươne", role="Tổ trưởng", phone="0912345678",
            by=personas.commune_a,
        )  # fmt: skip
        assert (member.full_name, member.phone) == ("Thạch Sa Rươne", "0912345678")
        member_update(
            member=member, full_name="Thạch Sa Rươne", role="Tổ phó", phone="",
            by=personas.commune_a,
        )  # fmt: skip
        member_set_active(member=member, active=False, by=personas.commune_a)
        member.refresh_from_db()
        assert (member.role, member.phone, member.active) == ("Tổ phó", "", False)
        assert [h.history_user for h in member.history.all()] == [personas.commune_a] * 3

    def test_an_inactive_team_takes_no_new_member(self, personas: Personas) -> None:
        team = _team(personas)
        team_set_active(team=team, active=False, by=personas.commune_a)
        with pytest.raises(ValidationFailed) as exc:
            member_add(team=team, full_name="Lê Văn Tư", by=personas.commune_a)
        assert exc.value.message == "Tổ công nghệ số Ấp Chợ is inactive: reactivate it first."


class ActivityTests:
    def test_an_activity_is_recorded_with_its_author(self, personas: Personas) -> None:
        team = _team(personas)
        activity = activity_record(
            team=team, date=MARCH, kind="national_id_app", households=25, note="VNeID",
            by=personas.commune_a,
        )  # fmt: skip
        assert (activity.households, activity.note) == (25, "VNeID")
        assert activity.recorded_by == personas.commune_a
        assert activity.history.get().history_user == personas.commune_a

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"date": dt.date(2023, 2, 28)}, "date", "before the team was established"),
        ],
    )
    def test_it_refuses_a_date_outside_the_teams_life(
        self, personas: Personas, changes: dict[str, object], field: str, message: str
    ) -> None:
        team = _team(personas)
        fields: dict[str, object] = {
            "team": team,
            "date": MARCH,
            "kind": "cashless_payment",
            "households": 3,
            "by": personas.commune_a,
        }
        fields.update(changes)
        with pytest.raises(ValidationFailed) as exc:
            activity_record(**fields)  # type: ignore[arg-type]
        assert exc.value.field == field
        assert message in exc.value.message
        assert not TeamActivity.objects.exists()

    def test_it_refuses_a_future_date(self, personas: Personas) -> None:
        team = _team(personas)
        tomorrow = today() + dt.timedelta(days=1)
        with pytest.raises(ValidationFailed) as exc:
            activity_record(
                team=team, date=tomorrow, kind="other", households=1, by=personas.commune_a
            )
        assert exc.value.field == "date"
        assert "in the future" in exc.value.message

    def test_an_inactive_team_records_nothing(self, personas: Personas) -> None:
        team = _team(personas)
        team_set_active(team=team, active=False, by=personas.commune_a)
        with pytest.raises(ValidationFailed):
            activity_record(team=team, date=MARCH, kind="other", households=1, by=personas.province)

    def test_a_mistaken_activity_is_deleted_and_the_deletion_kept(self, personas: Personas) -> None:
        team = _team(personas)
        activity = activity_record(
            team=team, date=MARCH, kind="other", households=1, by=personas.commune_a
        )
        pk = activity.pk
        with pytest.raises(PermissionDenied):
            activity_delete(activity=activity, by=personas.viewer_a)
        activity_delete(activity=activity, by=personas.district)
        assert not TeamActivity.objects.filter(pk=pk).exists()
        deletion = TeamActivity.history.filter(id=pk).order_by("-history_id").first()
        assert deletion is not None
        assert (deletion.history_type, deletion.history_user) == ("-", personas.district)


class LevelTests:
    def test_a_hamlet_that_appears_later_is_found_on_its_own_dates(
        self, personas: Personas
    ) -> None:
        later = unit_create(
            code="2947902",
            name="Ấp Mới",
            kind="ap",
            level="hamlet",
            parent=personas.commune_a_unit,
            valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2025, 6, 30),
        )
        with pytest.raises(ValidationFailed):
            _team(personas, unit_code="2947902", established=dt.date(2023, 6, 1))
        team = _team(personas, unit_code="2947902", established=dt.date(2024, 2, 1))
        assert team.unit == later
