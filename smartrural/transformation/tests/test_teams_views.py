from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from smartrural.core.dates import today
from smartrural.geo.services import unit_create
from smartrural.testing import Personas
from smartrural.transformation.models import CommunityTechTeam, TeamActivity, TeamMember
from smartrural.transformation.teams.services import (
    activity_record,
    member_add,
    team_create,
    team_set_active,
)

LIST = "/transformation/teams/"
NEW = "/transformation/teams/new/"


def _client(p: Personas, user: Any) -> Client:
    client = p.client(user)
    client.cookies["django_language"] = "en"
    return client


def _team(p: Personas, code: str = "2947901", name: str = "Tổ CNS Ấp Chợ") -> CommunityTechTeam:
    return team_create(unit_code=code, name=name, established=dt.date(2023, 3, 1), by=p.province)


def _text(response: Any) -> str:
    return response.content.decode()


class TeamListPageTests:
    def test_it_shows_coverage_rows_and_counts(self, personas: Personas) -> None:
        unit_create(
            code="2947902", name="Ấp Mới", kind="ap", level="hamlet",
            parent=personas.commune_a_unit, valid_to=dt.date(2025, 6, 30),
        )  # fmt: skip
        team = _team(personas)
        member_add(team=team, full_name="Nguyễn Văn A", by=personas.province)
        activity_record(
            team=team, date=dt.date(2023, 5, 1), kind="other", households=17, by=personas.province
        )
        response = _client(personas, personas.commune_a).get(LIST, {"year": "2023"})
        assert response.status_code == 200
        page = _text(response)
        assert (
            "Coverage: 1 of 2 hamlets in your units (on 01/07/2023) have an active team of "
            "their own (50.0%)." in page
        )
        assert "Tổ CNS Ấp Chợ" in page and "Xã Ngãi Xuyên" in page
        assert "<td>17</td>" in page
        assert "1 team." in page

    def test_it_filters_by_commune_and_status(self, personas: Personas) -> None:
        _team(personas)
        stopped = _team(personas, "29482", "Tổ CNS Kim Sơn")
        team_set_active(team=stopped, active=False, by=personas.province)
        client = _client(personas, personas.district)
        page = _text(client.get(LIST, {"year": "2023", "commune": "29482"}))
        assert "Tổ CNS Kim Sơn" in page and "Tổ CNS Ấp Chợ" not in page
        assert "no hamlet of Xã Kim Sơn on 01/07/2023" in page  # coverage follows the commune
        page = _text(client.get(LIST, {"year": "2023", "active": "yes"}))
        assert "Tổ CNS Ấp Chợ" in page and "Tổ CNS Kim Sơn" not in page

    def test_it_shows_an_empty_state_and_survives_bad_filters(self, personas: Personas) -> None:
        client = _client(personas, personas.commune_b)
        response = client.get(LIST, {"year": "abc", "commune": "nope", "active": "maybe"})
        assert response.status_code == 200
        page = _text(response)
        assert "No team matches." in page
        assert "Select a valid choice." in page

    def test_its_queries_do_not_grow_with_the_rows(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        for number in range(30):
            team = _team(personas, name=f"Tổ {number:02d}")
            member_add(team=team, full_name="A", by=personas.province)
            activity_record(
                team=team, date=dt.date(2023, 5, 1), kind="other", households=2,
                by=personas.province,
            )  # fmt: skip
        client = _client(personas, personas.district)
        with django_assert_max_num_queries(10):
            response = client.get(LIST, {"year": "2023", "commune": "29479"})
        assert _text(response).count("<td>2</td>") == 25
        assert "Page 1 of 2" in _text(response)

    def test_anonymous_users_are_sent_to_log_in(self, personas: Personas) -> None:
        response = Client().get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class TeamFormPageTests:
    def test_a_commune_officer_creates_a_team(self, personas: Personas) -> None:
        client = _client(personas, personas.commune_a)
        response = client.post(
            NEW, {"unit": "2947901", "name": "Tổ CNS Ấp Chợ", "established": "01/03/2023"}
        )
        team = CommunityTechTeam.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/transformation/teams/{team.pk}/"
        assert team.established == dt.date(2023, 3, 1)
        page = _text(client.get(response["Location"]))
        assert "Team “Tổ CNS Ấp Chợ” created." in page

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "This field is required."),
            ({"unit": "2947901", "name": "X", "established": "31/02/2023"}, "dd/mm/yyyy"),
            (
                {"unit": "2947901", "name": "X", "established": "01/01/2099"},
                "is in the future",
            ),
            (
                {"unit": "29482", "name": "X", "established": "01/03/2023"},
                "No unit with code “29482” on 01/03/2023 among your units.",
            ),
            (
                {"unit": "849", "name": "X", "established": "01/03/2023"},
                "No unit with code “849”",
            ),
        ],
    )
    def test_bad_input_is_shown_on_the_form(
        self, personas: Personas, data: dict[str, str], message: str
    ) -> None:
        response = _client(personas, personas.commune_a).post(NEW, data)
        assert response.status_code == 422
        assert message in _text(response)
        assert not CommunityTechTeam.objects.exists()

    def test_readers_get_403(self, personas: Personas) -> None:
        assert _client(personas, personas.viewer_a).get(NEW).status_code == 403
        assert _client(personas, personas.resident).get(NEW).status_code == 404

    def test_the_team_is_edited_deactivated_and_reactivated(self, personas: Personas) -> None:
        team = _team(personas)
        client = _client(personas, personas.commune_a)
        url = f"/transformation/teams/{team.pk}/"
        page = _text(client.get(f"{url}edit/"))
        assert 'value="01/03/2023"' in page and 'value="2947901"' in page
        response = client.post(
            f"{url}edit/",
            {"unit": "29479", "name": "Tổ CNS xã", "established": "02/03/2023", "version": "1"},
        )
        assert response.status_code == 302
        team.refresh_from_db()
        assert (team.unit.code, team.name) == ("29479", "Tổ CNS xã")
        assert client.post(f"{url}deactivate/").status_code == 302
        page = _text(client.get(url))
        assert "Team “Tổ CNS xã” deactivated." in page
        assert "Reactivate the team" in page and "Record an activity" not in page
        client.post(f"{url}reactivate/")
        team.refresh_from_db()
        assert team.active
        history = _text(client.get(f"{url}history/"))
        assert "Tổ CNS Ấp Chợ" in history and "Tổ CNS xã" in history

    def test_the_day_a_team_stopped_is_kept(self, personas: Personas) -> None:
        team = _team(personas)  # established 01/03/2023
        client = _client(personas, personas.commune_a)
        url = f"/transformation/teams/{team.pk}/"
        for bad, message in [
            ("31/02/2023", "Write the day the team stopped as dd/mm/yyyy."),
            ("01/01/2023", "A team stops between its establishment (01/03/2023) and today."),
        ]:
            page = _text(client.post(f"{url}deactivate/", {"on": bad}, follow=True))
            assert message in page
            team.refresh_from_db()
            assert team.active and team.inactive_since is None
        client.post(f"{url}deactivate/", {"on": "15/09/2023"})
        team.refresh_from_db()
        assert not team.active and team.inactive_since == dt.date(2023, 9, 15)
        assert "inactive since 15/09/2023" in _text(client.get(url))

    def test_other_units_get_404_and_get_is_not_a_deactivation(self, personas: Personas) -> None:
        team = _team(personas)
        url = f"/transformation/teams/{team.pk}/"
        assert _client(personas, personas.commune_b).get(url).status_code == 404
        assert _client(personas, personas.commune_a).get(f"{url}deactivate/").status_code == 405
        assert (
            _client(personas, personas.commune_a).get("/transformation/teams/999/").status_code
            == 404
        )


class MemberPageTests:
    def test_members_are_added_with_a_checked_phone(self, personas: Personas) -> None:
        team = _team(personas)
        client = _client(personas, personas.commune_a)
        url = f"/transformation/teams/{team.pk}/members/new/"
        response = client.post(url, {"full_name": "Trần Thị B", "phone": "12 34"})
        assert response.status_code == 422
        assert "is not a Vietnamese phone number" in _text(response)
        response = client.post(
            url, {"full_name": "Trần Thị B", "role": "Tổ phó", "phone": "+84 912 345 678"}
        )
        assert response.status_code == 302
        member = TeamMember.objects.get()
        assert member.phone == "+84912345678"
        page = _text(client.get(f"/transformation/teams/{team.pk}/"))
        assert "Trần Thị B saved." in page and "+84912345678" in page

    def test_members_are_edited_deactivated_and_have_a_history(self, personas: Personas) -> None:
        team = _team(personas)
        member = member_add(team=team, full_name="Lê Văn C", by=personas.province)
        base = f"/transformation/teams/{team.pk}/members/{member.pk}/"
        client = _client(personas, personas.district)
        body = {"full_name": "Lê Văn Cường", "phone": "", "version": "1"}
        response = client.post(f"{base}edit/", body)
        assert response.status_code == 302
        client.post(f"{base}deactivate/")
        member.refresh_from_db()
        assert (member.full_name, member.active) == ("Lê Văn Cường", False)
        assert "Lê Văn Cường" in _text(client.get(f"{base}history/"))
        client.post(f"{base}reactivate/")
        member.refresh_from_db()
        assert member.active

    def test_a_member_of_another_team_is_not_found(self, personas: Personas) -> None:
        team = _team(personas)
        other = _team(personas, "29482", "Tổ CNS Kim Sơn")
        member = member_add(team=other, full_name="X", by=personas.province)
        url = f"/transformation/teams/{team.pk}/members/{member.pk}/edit/"
        assert _client(personas, personas.province).get(url).status_code == 404


class ActivityPageTests:
    def test_activities_are_recorded_totalled_and_deleted(self, personas: Personas) -> None:
        team = _team(personas)
        client = _client(personas, personas.commune_a)
        url = f"/transformation/teams/{team.pk}/activities/new/"
        data = {"date": "10/05/2023", "kind": "national_id_app", "households": "12", "note": ""}
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"] == f"/transformation/teams/{team.pk}/?year=2023"
        client.post(url, {**data, "households": "8"})
        client.post(url, {**data, "kind": "cashless_payment", "households": "5"})
        page = _text(client.get(response["Location"]))
        assert "Activity recorded." in page
        assert "<td>Installing the national ID app (VNeID)</td><td>2</td><td>20</td>" in page
        assert "<td>3</td><td>25</td>" in page  # the totals row
        activity = TeamActivity.objects.filter(households=5).get()
        response = client.post(f"/transformation/teams/{team.pk}/activities/{activity.pk}/delete/")
        assert response.status_code == 302
        assert TeamActivity.objects.count() == 2

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"households": "-3"}, "The number of households cannot be negative."),
            ({"households": "2.5"}, "Enter a whole number of households."),
            ({"households": ""}, "This field is required."),
            ({"date": "28/02/2023"}, "is before the team was established (01/03/2023)"),
            ({"kind": "fishing"}, "Select a valid choice."),
        ],
    )
    def test_bad_input_is_shown_on_the_form(
        self, personas: Personas, changes: dict[str, str], message: str
    ) -> None:
        team = _team(personas)
        data = {"date": "10/05/2023", "kind": "other", "households": "3", **changes}
        response = _client(personas, personas.commune_a).post(
            f"/transformation/teams/{team.pk}/activities/new/", data
        )
        assert response.status_code == 422
        assert message in _text(response)
        assert not TeamActivity.objects.exists()

    def test_a_future_date_is_refused(self, personas: Personas) -> None:
        team = _team(personas)
        tomorrow = (today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
        response = _client(personas, personas.commune_a).post(
            f"/transformation/teams/{team.pk}/activities/new/",
            {"date": tomorrow, "kind": "other", "households": "3"},
        )
        assert response.status_code == 422
        assert f"The date {tomorrow} is in the future." in _text(response)

    def test_the_team_page_pages_activities_in_few_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        team = _team(personas)
        for number in range(30):
            member_add(team=team, full_name=f"Thành viên {number}", by=personas.province)
            activity_record(
                team=team, date=dt.date(2023, 1, 1) + dt.timedelta(days=60 + number),
                kind="other", households=1, by=personas.commune_a,
            )  # fmt: skip
        client = _client(personas, personas.commune_a)
        with django_assert_max_num_queries(10):
            response = client.get(f"/transformation/teams/{team.pk}/", {"year": "2023"})
        page = _text(response)
        assert "Page 1 of 2" in page
        assert page.count("<td>xa-29479</td>") == 25  # recorded by, one per row on the page

    def test_readers_see_the_team_page_without_write_buttons(self, personas: Personas) -> None:
        team = _team(personas)
        page = _text(_client(personas, personas.viewer_a).get(f"/transformation/teams/{team.pk}/"))
        assert "Tổ CNS Ấp Chợ" in page
        assert "Record an activity" not in page and "Add a member" not in page
