"""History pages: every reader sees what changed and when; who changed it only officials whose
scope holds the record (anonymous readers, residents and officials elsewhere do not)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from simple_history.utils import update_change_reason

from smartrural.accounts.models import User
from smartrural.core.history import history_entries
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Dossier
from smartrural.recognition.tests.pages_support import met_set, register
from smartrural.testing import Personas

AS_OF = "2023-06-01"
EDITOR = "Trần Văn Biên"  # the district officer's full name
REASON = "Theo đề nghị của ông Trần Văn Biên"


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def renamed(personas: Personas) -> AdministrativeUnit:
    """Ngãi Xuyên renamed on its edit page by Trà Cú's district officer, with a reason."""
    district = personas.district
    district.first_name, district.last_name = "Biên", "Trần Văn"
    district.save()
    response = personas.client(district).post(
        f"/units/29479/edit/?as_of={AS_OF}",
        {
            "name": "Xã Ngãi Xuyên Mới",
            "region": "dbscl",
            "commune_group": "",
            "version": personas.commune_a_unit.version,
        },
    )
    assert response.status_code == 302
    unit = AdministrativeUnit.objects.get(pk=personas.commune_a_unit.pk)
    update_change_reason(unit, REASON)
    return unit


def _unit_history(personas: Personas, user: User | None) -> str:
    return _page(personas.client(user), f"/units/29479/history/?as_of={AS_OF}")


@pytest.mark.django_db
class UnitHistoryTests:
    def test_anonymous_readers_see_what_changed_and_when_but_not_who(
        self, personas: Personas, renamed: AdministrativeUnit
    ) -> None:
        html = _unit_history(personas, None)
        assert "Xã Ngãi Xuyên" in html and "Xã Ngãi Xuyên Mới" in html
        latest = renamed.history.latest().history_date.astimezone()
        assert latest.strftime("%d/%m/%Y") in html
        assert EDITOR not in html and "huyen-849" not in html
        assert REASON not in html
        assert "Người thực hiện từng thay đổi chỉ hiển thị" in html
        assert '<th scope="col">Người thực hiện</th>' not in html

    def test_a_resident_of_the_commune_does_not_see_who_either(
        self, personas: Personas, renamed: AdministrativeUnit
    ) -> None:
        html = _unit_history(personas, personas.resident)
        assert "Xã Ngãi Xuyên Mới" in html
        assert EDITOR not in html and "huyen-849" not in html and REASON not in html

    def test_an_official_of_another_commune_does_not_see_who(
        self, personas: Personas, renamed: AdministrativeUnit
    ) -> None:
        for official in (personas.commune_b, personas.other_district):
            html = _unit_history(personas, official)
            assert "Xã Ngãi Xuyên Mới" in html
            assert EDITOR not in html and REASON not in html, official.username

    def test_officials_in_scope_see_who_and_why(
        self, personas: Personas, renamed: AdministrativeUnit
    ) -> None:
        for official in (
            personas.province,
            personas.district,
            personas.commune_a,
            personas.viewer_a,
        ):
            html = _unit_history(personas, official)
            assert EDITOR in html and REASON in html, official.username
            assert "Người thực hiện từng thay đổi chỉ hiển thị" not in html


@pytest.mark.django_db
class DossierHistoryTests:
    """A dossier's first record names who registered it (``created_by``): a field that names a
    user is left out with the authors."""

    @pytest.fixture
    def dossier(self, personas: Personas) -> Dossier:
        return register(personas, met_set(personas))

    def test_a_resident_does_not_see_the_dossier_history(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        # Dossiers are the officials' pages (the public results show the decisions).
        response = personas.client(personas.resident).get(f"/dossiers/{dossier.pk}/history/")
        assert response.status_code == 404
        assert personas.province.username not in response.content.decode()

    def test_the_commune_officer_sees_who_registered_it(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        html = _page(personas.client(personas.commune_a), f"/dossiers/{dossier.pk}/history/")
        assert personas.province.username in html


@pytest.mark.django_db
class HistoryEntriesTests:
    def test_without_authors_no_entry_names_anyone(
        self, personas: Personas, renamed: AdministrativeUnit
    ) -> None:
        dossier = register(personas, met_set(personas))
        for obj in (renamed, dossier):
            hidden = history_entries(obj, authors=False)
            shown = history_entries(obj, authors=True)
            assert [e.when for e in hidden] == [e.when for e in shown]
            assert all(e.who == "" and e.reason == "" for e in hidden)
            assert all(e.who for e in shown)
        fields = {c.field for e in history_entries(dossier, authors=False) for c in e.changes}
        assert "người tạo" not in fields
        shown_fields = {c.field for e in history_entries(dossier, authors=True) for c in e.changes}
        # A field declared without a label is worded, not shown by its English name.
        assert "người tạo" in shown_fields and "created by" not in shown_fields


def test_a_policy_is_registered_by_accounts(personas: Any) -> None:
    from smartrural.core.history import may_see_authors

    assert may_see_authors(personas.province, personas.commune_a_unit)
    assert not may_see_authors(personas.resident, personas.commune_a_unit)
