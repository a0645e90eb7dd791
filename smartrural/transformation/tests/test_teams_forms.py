"""The team forms check the input the team services take as given: names with runs of white
space made one, a Vietnamese phone number, a plausible number of households, a short note."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from smartrural.testing import Personas
from smartrural.transformation.models import TeamActivity
from smartrural.transformation.teams.forms import (
    MAX_HOUSEHOLDS,
    ActivityForm,
    MemberForm,
    TeamForm,
    normalise_phone,
)
from smartrural.transformation.teams.services import team_create

TEAM = {"unit": "2947901", "name": "Tổ CNS Ấp Chợ", "established": "01/03/2023"}
MARCH = dt.date(2023, 3, 1)
ACTIVITY = {"date": "01/03/2023", "kind": "cashless_payment", "households": "3", "note": ""}


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def errors(form: Any) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


class TeamFormTests:
    def test_runs_of_white_space_in_the_name_are_made_one(self) -> None:
        form = TeamForm(TEAM | {"name": "  Tổ   công nghệ  số Ấp Chợ "})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == "Tổ công nghệ số Ấp Chợ"

    def test_a_blank_name_and_a_line_break_are_refused_not_mended(self) -> None:
        assert errors(TeamForm(TEAM | {"name": "   "})) == {"name": ["This field is required."]}
        assert set(errors(TeamForm(TEAM | {"name": "Tổ CNS\nẤp Chợ"}))) == {"name"}

    @pytest.mark.parametrize(("length", "valid"), [(200, True), (201, False)])
    def test_the_name_is_at_most_200_characters(self, length: int, valid: bool) -> None:
        assert TeamForm(TEAM | {"name": "x" * length}).is_valid() is valid


class PhoneTests:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("0912345678", "0912345678"),
            ("0912 345 678", "0912345678"),
            ("091.234.5678", "0912345678"),
            ("02943-855-123", "02943855123"),
            ("+84 912 345 678", "+84912345678"),
            ("+84 2943 855 123", "+842943855123"),
            ("", ""),
            ("  ", ""),
        ],
    )
    def test_it_accepts_vietnamese_numbers(self, typed: str, stored: str) -> None:
        assert normalise_phone(typed) == stored
        form = MemberForm({"full_name": "Lê Văn Tư", "phone": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["phone"] == stored

    @pytest.mark.parametrize(
        "typed", ["091234567", "091234567890", "09123abc78", "+8491234567", "+1 202 555 0100"]
    )
    def test_it_refuses_other_numbers(self, typed: str) -> None:
        found = errors(MemberForm({"full_name": "Lê Văn Tư", "phone": typed}))
        assert list(found) == ["phone"]
        assert "is not a Vietnamese phone number" in found["phone"][0]


class MemberFormTests:
    def test_names_and_roles_are_made_one_line_of_single_spaces(self) -> None:
        form = MemberForm({"full_name": " Thạch  Sa Rươne ", "role": " Tổ   trưởng "})
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["full_name"], form.cleaned_data["role"]) == (
            "Thạch Sa Rươne",
            "Tổ trưởng",
        )

    def test_a_name_is_required(self) -> None:
        assert errors(MemberForm({"full_name": " "})) == {"full_name": ["This field is required."]}


class ActivityFormTests:
    @pytest.mark.parametrize("households", ["0", str(MAX_HOUSEHOLDS)])
    def test_the_household_limits_are_accepted(self, households: str) -> None:
        form = ActivityForm(ACTIVITY | {"households": households})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["households"] == int(households)

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("households", "-1", "cannot be negative"),
            ("households", str(MAX_HOUSEHOLDS + 1), "more households than any commune has"),
            ("households", "2.5", "whole number"),
            ("households", "many", "whole number"),
            ("households", "", "required"),
            ("kind", "fishing", "Select a valid choice"),
            ("note", "x" * 501, "500"),
            ("date", "31/02/2023", "dd/mm/yyyy"),
        ],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str, message: str) -> None:
        found = errors(ActivityForm(ACTIVITY | {field: value}))
        assert list(found) == [field]
        assert message in found[field][0]

    def test_a_note_of_500_characters_is_kept_on_one_line(self) -> None:
        assert ActivityForm(ACTIVITY | {"note": "x" * 500}).is_valid()
        form = ActivityForm(ACTIVITY | {"note": " VNeID \n cho  5 hộ "})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["note"] == "VNeID cho 5 hộ"


class RefusedInputTests:
    def test_input_the_form_refuses_never_reaches_the_service(self, personas: Personas) -> None:
        team = team_create(
            unit_code="2947901",
            name="Tổ CNS",
            established=dt.date(2023, 3, 1),
            by=personas.province,
        )
        client = personas.client(personas.commune_a)
        url = f"/transformation/teams/{team.pk}/activities/new/"
        with mock.patch("smartrural.transformation.teams.services.activity_record") as service:
            response = client.post(url, ACTIVITY | {"households": str(MAX_HOUSEHOLDS + 1)})
        assert response.status_code == 422
        service.assert_not_called()
        assert not TeamActivity.objects.exists()

    def test_what_the_form_made_of_the_input_is_what_is_stored(self, personas: Personas) -> None:
        team = team_create(
            unit_code="2947901",
            name="Tổ CNS",
            established=dt.date(2023, 3, 1),
            by=personas.province,
        )
        client = personas.client(personas.commune_a)
        url = f"/transformation/teams/{team.pk}/members/new/"
        response = client.post(url, {"full_name": " Thạch  Sa Rươne ", "phone": "0912 345 678"})
        assert response.status_code == 302
        member = team.members.get()
        assert (member.full_name, member.phone) == ("Thạch Sa Rươne", "0912345678")
