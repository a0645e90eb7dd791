from __future__ import annotations

import pytest
from django.test import Client

from smartrural.accounts.models import Role, UnitAssignment
from smartrural.accounts.services import user_create
from smartrural.testing import PASSWORD, Personas, posted_form

from .test_users import _other_district_commune_officer, in_2024  # noqa: F401


def _url(user, action: str = "") -> str:
    return f"/accounts/users/{user.pk}/{action + '/' if action else ''}"


@pytest.mark.django_db
class UserDetailTests:
    def test_a_district_officer_opens_a_user_of_the_district(self, personas) -> None:
        response = personas.client(personas.district).get(_url(personas.commune_a))
        assert response.status_code == 200
        content = response.content.decode()
        assert "xa-29479" in content
        assert _url(personas.commune_a, "edit") in content

    def test_a_user_of_another_district_is_404(self, personas: Personas) -> None:
        other = _other_district_commune_officer(personas)
        client = personas.client(personas.district)
        assert client.get(_url(other)).status_code == 404
        assert client.get(_url(personas.province)).status_code == 404

    def test_the_province_office_opens_anyone(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        assert client.get(_url(personas.other_district)).status_code == 200

    @pytest.mark.parametrize("who", ["commune_a", "viewer_a"])
    def test_other_roles_get_403_even_for_their_own_account(self, personas, who) -> None:
        user = getattr(personas, who)
        assert personas.client(user).get(_url(user)).status_code == 403

    def test_a_resident_gets_404_even_for_their_own_account(self, personas) -> None:
        user = personas.resident
        assert personas.client(user).get(_url(user)).status_code == 404

    def test_anonymous_is_sent_to_login(self, personas: Personas) -> None:
        response = Client().get(_url(personas.commune_a))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
class UserEditTests:
    def _form(self, **data: str) -> dict[str, str]:
        form = {
            "first_name": "Minh",
            "last_name": "Trần",
            "email": "minh@example.test",
            "role": "commune_officer",
            "units": "29479",
            "version": "1",
        }
        form.update(data)
        return form

    def test_the_form_is_filled_with_the_current_values(self, personas) -> None:
        response = personas.client(personas.district).get(_url(personas.commune_a, "edit"))
        assert response.status_code == 200
        assert response.context["form"].initial["units"] == "29479"

    def test_names_and_email_change_and_old_units_are_kept(self, personas) -> None:
        # Today the persona units have ended; keeping the code keeps the assignment.
        response = personas.client(personas.district).post(
            _url(personas.commune_a, "edit"), self._form()
        )
        assert response.status_code == 302
        personas.commune_a.refresh_from_db()
        assert personas.commune_a.get_full_name() == "Minh Trần"
        assert personas.commune_a.email == "minh@example.test"
        assert list(personas.commune_a.units.all()) == [personas.commune_a_unit]

    @pytest.mark.usefixtures("in_2024")
    def test_a_district_officer_moves_an_officer_to_another_commune(self, personas) -> None:
        response = personas.client(personas.district).post(
            _url(personas.commune_a, "edit"), self._form(units="29482")
        )
        assert response.status_code == 302
        assert list(personas.commune_a.units.all()) == [personas.commune_b_unit]

    @pytest.mark.usefixtures("in_2024")
    def test_a_unit_outside_the_district_is_refused(self, personas: Personas) -> None:
        response = personas.client(personas.district).post(
            _url(personas.commune_a, "edit"), self._form(units="29269")
        )
        assert response.status_code == 422
        assert list(personas.commune_a.units.all()) == [personas.commune_a_unit]

    def test_an_email_used_by_another_account_is_refused(self, personas) -> None:
        response = personas.client(personas.province).post(
            _url(personas.commune_a, "edit"), self._form(email="XA-29482@example.test")
        )
        assert response.status_code == 422
        assert response.context["form"].errors["email"]

    def test_a_district_officer_cannot_edit_a_peer_or_themselves(self, personas) -> None:
        peer = user_create(
            username="huyen-849-b",
            role=Role.DISTRICT_OFFICER,
            units=[personas.district_unit],
            password=PASSWORD,
        )
        client = personas.client(personas.district)
        assert client.get(_url(peer)).status_code == 200
        assert client.get(_url(peer, "edit")).status_code == 403
        assert client.get(_url(personas.district, "edit")).status_code == 403

    def test_a_user_of_another_district_is_404(self, personas: Personas) -> None:
        other = _other_district_commune_officer(personas)
        response = personas.client(personas.district).post(_url(other, "edit"), self._form())
        assert response.status_code == 404

    def test_read_only_users_get_403(self, personas: Personas) -> None:
        client = personas.client(personas.viewer_a)
        assert client.post(_url(personas.viewer_a, "edit"), self._form()).status_code == 403

    def test_anonymous_is_sent_to_login(self, personas: Personas) -> None:
        response = Client().get(_url(personas.commune_a, "edit"))
        assert response.status_code == 302


@pytest.mark.django_db
class UserDeactivateTests:
    def test_the_province_office_deactivates_and_reactivates(self, personas) -> None:
        client = personas.client(personas.province)
        response = client.post(_url(personas.commune_b, "deactivate"))
        assert response.status_code == 302
        personas.commune_b.refresh_from_db()
        assert not personas.commune_b.is_active
        client.post(_url(personas.commune_b, "reactivate"))
        personas.commune_b.refresh_from_db()
        assert personas.commune_b.is_active

    def test_a_deactivated_user_is_logged_out_of_an_open_session(self, personas) -> None:
        victim = personas.client(personas.commune_b)
        assert victim.get("/accounts/me/").status_code == 200
        personas.client(personas.district).post(_url(personas.commune_b, "deactivate"))
        assert victim.get("/accounts/me/").status_code == 302

    def test_nobody_deactivates_themselves(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        response = client.post(_url(personas.province, "deactivate"), follow=True)
        personas.province.refresh_from_db()
        assert personas.province.is_active
        assert [m.level_tag for m in response.context["messages"]] == ["error"]

    def test_a_user_of_another_district_is_404(self, personas: Personas) -> None:
        other = _other_district_commune_officer(personas)
        response = personas.client(personas.district).post(_url(other, "deactivate"))
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.is_active

    def test_get_is_not_allowed(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        assert client.get(_url(personas.commune_b, "deactivate")).status_code == 405

    def test_read_only_users_get_403(self, personas: Personas) -> None:
        client = personas.client(personas.viewer_a)
        assert client.post(_url(personas.commune_a, "deactivate")).status_code == 403

    def test_anonymous_is_sent_to_login(self, personas: Personas) -> None:
        response = Client().post(_url(personas.commune_a, "deactivate"))
        assert response.status_code == 302
        personas.commune_a.refresh_from_db()
        assert personas.commune_a.is_active


@pytest.mark.django_db
class UserHistoryTests:
    @pytest.mark.usefixtures("in_2024")
    def test_it_shows_who_changed_what(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        client.post(
            _url(personas.commune_a, "edit"),
            {
                "first_name": "Minh",
                "last_name": "",
                "email": "xa-29479@example.test",
                "role": "commune_officer",
                "units": "29479, 29482",
                "version": "1",
            },
        )
        assert UnitAssignment.objects.filter(user=personas.commune_a).count() == 2
        response = client.get(_url(personas.commune_a, "history"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Minh" in content
        assert "29479, 29482" in content
        assert "huyen-849" in content

    def test_a_user_of_another_district_is_404(self, personas: Personas) -> None:
        other = _other_district_commune_officer(personas)
        assert personas.client(personas.district).get(_url(other, "history")).status_code == 404

    def test_read_only_users_get_403(self, personas: Personas) -> None:
        client = personas.client(personas.viewer_a)
        assert client.get(_url(personas.viewer_a, "history")).status_code == 403

    def test_anonymous_is_sent_to_login(self, personas: Personas) -> None:
        assert Client().get(_url(personas.commune_a, "history")).status_code == 302


@pytest.mark.django_db
class UnitsAsOfTests:
    """Codes are looked up on a date: units that have ended can still be assigned by date."""

    def _create(self, personas: Personas, **extra: str):
        form = {
            "username": "can-bo-moi",
            "last_name": "Nguyễn Văn",
            "first_name": "An",
            "email": "an@example.test",
            "role": "commune_officer",
            "units": "29479",
            "password": "a-long-password-1234",
            **extra,
        }
        return personas.client(personas.district).post("/accounts/users/add/", form)

    def test_a_code_that_ended_before_today_is_explained(self, personas: Personas) -> None:
        response = self._create(personas)
        assert response.status_code == 422
        assert "29479" in response.content.decode()
        assert not UnitAssignment.objects.filter(user__username="can-bo-moi").exists()

    def test_the_same_code_on_a_date_when_it_existed_is_assigned(self, personas) -> None:
        response = self._create(personas, units_as_of="2023-06-01")
        assert response.status_code == 302
        assigned = UnitAssignment.objects.get(user__username="can-bo-moi")
        assert assigned.unit == personas.commune_a_unit


@pytest.mark.django_db
class UserEditConflictTests:
    def test_two_managers_editing_one_account_the_second_sees_both_values(
        self, personas: Personas
    ) -> None:
        url = _url(personas.commune_a, "edit")
        first, second = personas.client(personas.district), personas.client(personas.province)
        opened_second = second.get(url).context["form"]
        opened_first = first.get(url).context["form"]
        saved = first.post(url, posted_form(opened_first, first_name="Minh", units="29479"))
        assert saved.status_code == 302

        response = second.post(url, posted_form(opened_second, first_name="Lan", units="29479"))

        assert response.status_code == 409
        html = response.content.decode()
        block = html[html.index('id="edit-conflict"') :]
        assert "Minh" in block and "Lan" in block
        personas.commune_a.refresh_from_db()
        assert personas.commune_a.first_name == "Minh"
        again = second.post(url, posted_form(response.context["form"]))
        assert again.status_code == 302
        personas.commune_a.refresh_from_db()
        assert personas.commune_a.first_name == "Lan"

    def test_logging_in_is_no_edit_of_the_account(self, personas: Personas) -> None:
        url = _url(personas.commune_a, "edit")
        manager = personas.client(personas.district)
        opened = manager.get(url).context["form"]
        personas.client(personas.commune_a)  # the officer logs in meanwhile
        assert manager.post(url, posted_form(opened, first_name="Minh")).status_code == 302
