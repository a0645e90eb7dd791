from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from smartrural.accounts.models import Role, UnitAssignment, User
from smartrural.accounts.services import user_create
from smartrural.testing import PASSWORD, Personas

LIST = "/accounts/users/"
ADD = "/accounts/users/add/"
NEW_PASSWORD = "initial-password-for-tests-9"


@pytest.fixture
def in_2024() -> Iterator[None]:
    """The persona units ended on 30/06/2025; unit codes are resolved on a date they exist."""
    with mock.patch("smartrural.accounts.forms.today", return_value=dt.date(2024, 6, 1)):
        yield


def _other_district_commune_officer(personas: Personas) -> User:
    return user_create(
        username="xa-29269",
        role=Role.COMMUNE_OFFICER,
        units=[personas.other_commune_unit],
        password=PASSWORD,
    )


def _usernames(response) -> set[str]:
    return {u.username for u in response.context["page"].object_list}


@pytest.mark.django_db
class UserListTests:
    def test_the_province_office_sees_everyone(self, personas: Personas) -> None:
        response = personas.client(personas.province).get(LIST)
        assert response.status_code == 200
        assert len(_usernames(response)) == 7

    def test_a_district_officer_sees_only_users_of_the_district(self, personas) -> None:
        response = personas.client(personas.district).get(LIST)
        assert _usernames(response) == {
            "huyen-849",
            "xa-29479",
            "viewer-29479",
            "xa-29482",
            "resident",
        }
        assert "Xã Ngãi Xuyên (29479)" in response.content.decode()

    def test_the_other_district_sees_none_of_them(self, personas: Personas) -> None:
        response = personas.client(personas.other_district).get(LIST)
        assert _usernames(response) == {"huyen-844"}

    def test_search_matches_name_user_name_and_email(self, personas: Personas) -> None:
        personas.commune_b.first_name = "Thị Lan"
        personas.commune_b.save()
        client = personas.client(personas.province)
        assert _usernames(client.get(LIST, {"q": "lan"})) == {"xa-29482"}
        assert _usernames(client.get(LIST, {"q": "viewer-29479@"})) == {"viewer-29479"}
        assert _usernames(client.get(LIST, {"q": "huyen"})) == {"huyen-849", "huyen-844"}

    def test_it_filters_by_role_and_status(self, personas: Personas) -> None:
        personas.resident.is_active = False
        personas.resident.save()
        client = personas.client(personas.province)
        assert _usernames(client.get(LIST, {"role": "district_officer"})) == {
            "huyen-849",
            "huyen-844",
        }
        assert _usernames(client.get(LIST, {"active": "no"})) == {"resident"}
        assert "resident" not in _usernames(client.get(LIST, {"active": "yes"}))

    def test_it_pages_and_does_not_query_per_user(
        self, personas: Personas, django_assert_max_num_queries
    ) -> None:
        for i in range(40):
            user_create(
                username=f"xa-extra-{i:02}",
                role=Role.COMMUNE_OFFICER,
                units=[personas.commune_a_unit, personas.commune_b_unit],
            )
        client = personas.client(personas.province)
        with django_assert_max_num_queries(12):
            response = client.get(LIST)
        assert len(response.context["page"].object_list) == 25
        assert 'rel="next"' in response.content.decode()
        page2 = client.get(LIST, {"page": 2})
        assert len(page2.context["page"].object_list) == 47 - 25

    @pytest.mark.parametrize("who", ["commune_a", "viewer_a"])
    def test_other_roles_get_403(self, personas: Personas, who: str) -> None:
        assert personas.client(getattr(personas, who)).get(LIST).status_code == 403

    def test_a_resident_gets_404(self, personas: Personas) -> None:
        assert personas.client(personas.resident).get(LIST).status_code == 404

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.usefixtures("in_2024")
class UserCreateTests:
    def _post(self, client: Client, **data: str):
        form = {
            "username": "new-officer",
            "first_name": "Văn",
            "last_name": "Nguyễn",
            "email": "new@example.test",
            "role": "commune_officer",
            "units": "29482",
            "password": NEW_PASSWORD,
        }
        form.update(data)
        return client.post(ADD, form)

    def test_the_form_offers_only_roles_the_manager_may_give(self, personas) -> None:
        district_form = personas.client(personas.district).get(ADD).context["form"]
        assert {v for v, _ in district_form.fields["role"].choices} == {
            "commune_officer",
            "viewer",
            "resident",
        }
        province_form = personas.client(personas.province).get(ADD).context["form"]
        assert len(province_form.fields["role"].choices) == 5

    def test_a_district_officer_creates_a_commune_officer_in_the_district(
        self, personas: Personas
    ) -> None:
        response = self._post(personas.client(personas.district))
        user = User.objects.get(username="new-officer")
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/users/{user.pk}/"
        assignment = UnitAssignment.objects.get(user=user)
        assert assignment.unit == personas.commune_b_unit
        assert assignment.created_by == personas.district
        login = Client().post(
            "/accounts/login/", {"username": "new-officer", "password": NEW_PASSWORD}
        )
        assert login.status_code == 302

    def test_a_unit_outside_the_district_is_refused(self, personas: Personas) -> None:
        response = self._post(personas.client(personas.district), units="29269")
        assert response.status_code == 422
        assert "29269" in str(response.context["form"].errors["units"])
        assert not User.objects.filter(username="new-officer").exists()

    def test_a_district_officer_cannot_give_the_district_role(self, personas) -> None:
        response = self._post(
            personas.client(personas.district), role="district_officer", units="849"
        )
        assert response.status_code == 422
        assert "role" in response.context["form"].errors

    def test_the_province_office_creates_a_district_officer(self, personas) -> None:
        response = self._post(
            personas.client(personas.province), role="district_officer", units="844"
        )
        assert response.status_code == 302
        assert User.objects.get(username="new-officer").role == Role.DISTRICT_OFFICER

    def test_a_unit_of_the_wrong_level_is_refused(self, personas: Personas) -> None:
        response = self._post(personas.client(personas.province), units="849")
        assert response.status_code == 422
        assert response.context["form"].errors["units"]

    def test_an_unknown_code_is_refused(self, personas: Personas) -> None:
        response = self._post(personas.client(personas.province), units="99999")
        assert response.status_code == 422
        assert "99999" in str(response.context["form"].errors["units"])

    def test_a_taken_user_name_is_refused(self, personas: Personas) -> None:
        response = self._post(personas.client(personas.province), username="xa-29479")
        assert response.status_code == 422
        assert response.context["form"].errors["username"]

    def test_an_invitation_mails_a_link_to_choose_the_password(self, personas) -> None:
        response = self._post(personas.client(personas.district), password="", invite="on")
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new@example.test"]
        body = str(mail.outbox[0].body)
        link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", body)
        assert link
        client = Client()
        form_url = client.get(link.group(1))["Location"]
        client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        login = Client().post(
            "/accounts/login/", {"username": "new-officer", "password": NEW_PASSWORD}
        )
        assert login.status_code == 302

    def test_an_invitation_needs_an_email(self, personas: Personas) -> None:
        response = self._post(
            personas.client(personas.district), password="", invite="on", email=""
        )
        assert response.status_code == 422
        assert response.context["form"].errors["email"]

    def test_without_invitation_a_valid_password_is_required(self, personas) -> None:
        client = personas.client(personas.district)
        assert self._post(client, password="").status_code == 422
        assert self._post(client, password="123").status_code == 422

    @pytest.mark.parametrize("who", ["commune_a", "viewer_a"])
    def test_other_roles_get_403(self, personas: Personas, who: str) -> None:
        client = personas.client(getattr(personas, who))
        assert client.get(ADD).status_code == 403
        assert self._post(client).status_code == 403

    def test_a_resident_gets_404(self, personas: Personas) -> None:
        client = personas.client(personas.resident)
        assert client.get(ADD).status_code == 404
        assert self._post(client).status_code == 404

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().get(ADD)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
