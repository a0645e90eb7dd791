"""The household pages: list (scoped, filtered, searched without diacritics), add, edit with
versions, make inactive, history."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.testing import TV_END, Personas

from ..models import Household
from ..services.households import household_create, household_update

pytestmark = pytest.mark.django_db

LIST = "/surveys/work/households/"


def kim_son_hamlet(personas: Personas) -> AdministrativeUnit:
    return unit_create(
        code="2948201",
        name="Ấp Kim",
        kind="ap",
        level="hamlet",
        parent=personas.commune_b_unit,
        valid_to=TV_END,
    )


def numbers(response: Any) -> list[str]:
    return [h.number for h in response.context["page"].object_list]


class HouseholdServiceTests:
    def test_create_keeps_the_folded_name_and_a_history(self, personas: Personas) -> None:
        household = household_create(
            hamlet=personas.hamlet_a_unit,
            number="7",
            head_name="Nguyễn Thị Đào",
            address="Tổ 1",
            by=personas.commune_a,
        )
        assert household.search_name == "nguyen thi dao"
        assert household.history.count() == 1
        assert household.history.get().history_user == personas.commune_a

    def test_update_bumps_the_version_and_adds_a_history_record(self, personas: Personas) -> None:
        household = household_create(
            hamlet=personas.hamlet_a_unit, number="7", head_name="Lê Văn Tư", by=None
        )
        household_update(
            household=household, version=1, by=personas.commune_a, head_name="Lê Thị Năm"
        )
        household.refresh_from_db()
        assert (household.version, household.search_name) == (2, "le thi nam")
        assert [h.head_name for h in household.history.order_by("history_date")] == [
            "Lê Văn Tư",
            "Lê Thị Năm",
        ]

    def test_a_second_household_of_the_same_number_is_refused(self, personas: Personas) -> None:
        from smartrural.core.errors import ValidationFailed

        household_create(hamlet=personas.hamlet_a_unit, number="7", head_name="A", by=None)
        with pytest.raises(ValidationFailed):
            household_create(hamlet=personas.hamlet_a_unit, number="7", head_name="B", by=None)

    def test_a_hamlet_outside_the_writers_units_is_refused(self, personas: Personas) -> None:
        from smartrural.core.errors import ValidationFailed

        with pytest.raises(ValidationFailed):
            household_create(
                hamlet=kim_son_hamlet(personas), number="1", head_name="A", by=personas.commune_a
            )


class HouseholdListTests:
    def test_it_lists_the_readers_hamlets_only(self, personas: Personas) -> None:
        household_create(hamlet=personas.hamlet_a_unit, number="1", head_name="An", by=None)
        household_create(hamlet=kim_son_hamlet(personas), number="2", head_name="Bình", by=None)
        assert numbers(personas.client(personas.commune_a).get(LIST)) == ["1"]
        assert numbers(personas.client(personas.commune_b).get(LIST)) == ["2"]
        assert numbers(personas.client(personas.district).get(LIST)) == ["1", "2"]

    def test_search_finds_a_head_without_diacritics_or_by_number(self, personas: Personas) -> None:
        for number, name in (("1", "Nguyễn Văn Đức"), ("2", "Trần Thị Lan"), ("15", "Lý Văn A")):
            household_create(hamlet=personas.hamlet_a_unit, number=number, head_name=name, by=None)
        client = personas.client(personas.viewer_a)
        assert numbers(client.get(LIST, {"q": "nguyen van duc"})) == ["1"]
        assert numbers(client.get(LIST, {"q": "ĐỨC"})) == ["1"]
        assert numbers(client.get(LIST, {"q": "15"})) == ["15"]

    def test_numbers_are_in_numeric_order_and_filters_apply(self, personas: Personas) -> None:
        other = unit_create(
            code="2947902",
            name="Ấp Mới",
            kind="ap",
            level="hamlet",
            parent=personas.commune_a_unit,
            valid_to=TV_END,
        )
        for number in ("10", "2", "1"):
            household_create(hamlet=personas.hamlet_a_unit, number=number, head_name="X", by=None)
        household_create(hamlet=other, number="3", head_name="Y", by=None)
        client = personas.client(personas.commune_a)
        assert numbers(client.get(LIST)) == ["1", "2", "10", "3"]
        assert numbers(client.get(LIST, {"hamlet": other.pk})) == ["3"]
        household = Household.objects.get(number="10")
        household_update(household=household, version=None, by=None, active=False)
        assert numbers(client.get(LIST, {"active": "no"})) == ["10"]

    def test_hamlets_are_those_valid_on_the_day_asked(self, personas: Personas) -> None:
        household_create(hamlet=personas.hamlet_a_unit, number="1", head_name="An", by=None)
        client = personas.client(personas.commune_a)
        assert numbers(client.get(LIST, {"as_of": "01/06/2023"})) == ["1"]
        # After the 2025 reorganisation the old hamlet no longer exists: none of its households.
        assert numbers(client.get(LIST, {"as_of": "01/08/2025"})) == []

    def test_a_damaged_filter_is_shown_not_a_crash(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.get(LIST, {"hamlet": "9" * 30, "as_of": "31/02/2023", "page": "x"})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"hamlet", "as_of"}

    def test_after_the_reorganisation_the_new_communes_hamlets_are_listed(
        self, personas: Personas
    ) -> None:
        import datetime as dt

        new_province = unit_create(
            code="86",
            name="Tỉnh Vĩnh Long",
            kind="tinh",
            level="province",
            parent=None,
            valid_from=dt.date(2025, 7, 1),
            region="dbscl",
        )
        new_commune = unit_create(
            code="29480",
            name="Xã Ngãi Xuyên",
            kind="xa",
            level="commune",
            parent=new_province,
            valid_from=dt.date(2025, 7, 1),
        )
        new_hamlet = unit_create(
            code="2948001",
            name="Ấp Chợ",
            kind="ap",
            level="hamlet",
            parent=new_commune,
            valid_from=dt.date(2025, 7, 1),
        )
        household_create(hamlet=personas.hamlet_a_unit, number="1", head_name="Cũ", by=None)
        household_create(hamlet=new_hamlet, number="2", head_name="Mới", by=None)
        client = personas.client(personas.province)
        response = client.get(LIST)  # today: the hamlets of the new communes
        assert numbers(response) == ["2"]
        assert list(response.context["form"].fields["hamlet"].queryset) == [new_hamlet]
        assert numbers(client.get(LIST, {"as_of": "01/06/2023"})) == ["1"]

    def test_an_empty_list_says_so(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).get(LIST)
        assert response.status_code == 200
        assert not response.context["page"].object_list

    def test_the_list_costs_the_same_queries_for_5_or_60_households(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(LIST).status_code == 200
            return len(queries)

        for number in range(1, 6):
            household_create(
                hamlet=personas.hamlet_a_unit, number=str(number), head_name="A", by=None
            )
        client.get(LIST)  # the first request of a session costs its own queries
        few = count()
        for number in range(6, 61):
            household_create(
                hamlet=personas.hamlet_a_unit, number=str(number), head_name="A", by=None
            )
        assert count() == few


class HouseholdPageTests:
    def test_an_officer_adds_edits_and_makes_a_household_inactive(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(
            "/surveys/work/households/add/",
            {
                "hamlet": personas.hamlet_a_unit.pk,
                "number": "12",
                "head_name": "Thạch  Thị Sa",
                "address": "Tổ 2",
            },
        )
        assert response.status_code == 302
        household = Household.objects.get()
        assert (household.head_name, household.hamlet_id) == (
            "Thạch Thị Sa",
            personas.hamlet_a_unit.pk,
        )

        edit = f"/surveys/work/households/{household.pk}/edit/"
        assert client.get(edit).status_code == 200
        response = client.post(
            edit, {"number": "12", "head_name": "Thạch Văn Sơn", "address": "", "version": "1"}
        )
        assert response.status_code == 302
        household.refresh_from_db()
        assert (household.head_name, household.address, household.version) == (
            "Thạch Văn Sơn",
            "",
            2,
        )

        response = client.post(
            f"/surveys/work/households/{household.pk}/active/", {"active": "0", "version": "2"}
        )
        assert response.status_code == 302
        household.refresh_from_db()
        assert household.active is False  # kept on record, never deleted

        history = client.get(f"/surveys/work/households/{household.pk}/history/")
        assert history.status_code == 200
        assert "Thạch Thị Sa" in history.content.decode()
        assert "Thạch Văn Sơn" in history.content.decode()

    def test_a_stale_edit_is_a_conflict(self, personas: Personas) -> None:
        household = household_create(
            hamlet=personas.hamlet_a_unit, number="12", head_name="A", by=None
        )
        household_update(household=household, version=1, by=None, head_name="B")
        response = personas.client(personas.commune_a).post(
            f"/surveys/work/households/{household.pk}/edit/",
            {"number": "12", "head_name": "C", "address": "", "version": "1"},
        )
        assert response.status_code == 409
        household.refresh_from_db()
        assert household.head_name == "B"

    def test_a_duplicate_number_is_shown_on_the_form(self, personas: Personas) -> None:
        household_create(hamlet=personas.hamlet_a_unit, number="12", head_name="A", by=None)
        response = personas.client(personas.commune_a).post(
            "/surveys/work/households/add/",
            {"hamlet": personas.hamlet_a_unit.pk, "number": "12", "head_name": "B"},
        )
        assert response.status_code == 422
        assert response.context["form"].errors["number"]
        assert Household.objects.count() == 1

    def test_a_hamlet_of_another_commune_cannot_be_chosen(self, personas: Personas) -> None:
        hamlet = kim_son_hamlet(personas)
        response = personas.client(personas.commune_a).post(
            "/surveys/work/households/add/",
            {"hamlet": hamlet.pk, "number": "1", "head_name": "B"},
        )
        assert response.status_code == 422
        assert not Household.objects.exists()

    def test_a_user_text_is_escaped(self, personas: Personas) -> None:
        household_create(
            hamlet=personas.hamlet_a_unit, number="1", head_name="An <b>x</b>", by=None
        )
        body = personas.client(personas.commune_a).get(LIST).content.decode()
        assert "<b>x</b>" not in body
