"""Data-entry pages: the unit list, the entry page, live check, review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.testing import Personas

from .factories import ALL_MET, stored_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def en(client: Client) -> Client:
    """Pages in English (the project's middleware honours the language cookie)."""
    client.cookies["django_language"] = "en"
    return client


def url(p: Personas, suffix: str = "", unit: str | None = None) -> str:
    return f"/criteria/T-XA/2023/{unit or p.commune_a_unit.code}/{suffix}"


def values(p: Personas) -> dict[str, str]:
    return dict(
        IndicatorValue.objects.filter(unit=p.commune_a_unit, year=2023).values_list(
            "indicator_code", "value"
        )
    )


def loaded_version(p: Personas, code: str) -> str:
    """The version of a stored value a page loaded now carries (0: none stored)."""
    stored = IndicatorValue.objects.filter(unit=p.commune_a_unit, indicator_code=code).first()
    return str(stored.version if stored else 0)


def post_values(client: Any, p: Personas, data: dict[str, str], suffix: str = "") -> Any:
    body = {f"value_{code}": value for code, value in data.items()}
    versions = {f"version_{code}": loaded_version(p, code) for code in data}
    return client.post(url(p, suffix), {**body, **versions, "action": "save"})


def enter(p: Personas, data: dict[str, str]) -> None:
    response = post_values(en(p.client(p.commune_a)), p, data)
    assert response.status_code == 302, response.content[:500]


class EntryHomeTests:
    def test_commune_officer_goes_straight_to_their_commune(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        response = en(personas.client(personas.commune_a)).get("/criteria/?year=2023")
        assert response.status_code == 302
        assert response["Location"] == url(personas)

    def test_district_officer_sees_the_communes_of_the_district(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        response = en(personas.client(personas.district)).get("/criteria/?year=2023&set=T-XA")
        text = response.content.decode()
        assert response.status_code == 200
        assert "Xã Ngãi Xuyên" in text and "Xã Kim Sơn" in text
        assert "Xã Mỹ Cẩm" not in text
        assert "/criteria/T-XA/2023/849/template.xlsx" in text

    def test_province_sees_every_commune(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        response = en(personas.client(personas.province)).get("/criteria/?year=2023&set=T-XA")
        assert "Xã Mỹ Cẩm" in response.content.decode()


class EntryPageTests:
    def test_it_shows_thresholds_with_scope_provenance_and_placeholders(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        response = en(personas.client(personas.commune_a)).get(url(personas))
        text = response.content.decode()
        assert response.status_code == 200
        assert "Farm land with active irrigation" in text
        assert "≥ 80%" in text  # the Mekong Delta threshold, not the national 85%
        assert "Provincial placeholder, unconfirmed: not an official value" in text
        assert "National threshold, confirmed" in text
        assert 'name="value_3.1"' in text
        assert "hx-post" in text and "htmx.min.js" in text

    def test_saving_stores_every_value_and_shows_the_result(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, ALL_MET)
        assert values(personas)["3.1"] == "85"
        text = en(personas.client(personas.commune_a)).get(url(personas)).content.decode()
        assert "4 of 4 criteria met." in text

    def test_a_bad_value_writes_nothing_and_names_the_field(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        response = post_values(client, personas, {"3.1": "85", "3.2": "maybe"})
        assert response.status_code == 422
        assert "is not a pass/fail value" in response.content.decode()
        assert values(personas) == {}

    def test_value_below_threshold_is_not_met_with_explanation(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, {"3.1": "79,9", "3.2": "Đạt"})
        text = en(personas.client(personas.commune_a)).get(url(personas)).content.decode()
        assert "Indicator 3.1: 79.9% &lt; 80% (Mekong Delta threshold)" in text

    def test_check_endpoint_returns_fragments_without_saving(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        response = client.post(url(personas, "check/"), {"value_3.1": "79,9"})
        text = response.content.decode()
        assert response.status_code == 200
        assert 'id="result-3-1"' in text and 'hx-swap-oob="true"' in text
        assert "Not met" in text and "&lt; 80%" in text
        assert values(personas) == {}
        response = client.post(url(personas, "check/"), {"value_3.1": "80"})
        assert "≥ 80%" in response.content.decode()

    def test_check_button_without_javascript_rerenders_without_saving(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_a))
        data = {"value_3.1": "79,9", "version_3.1": "0", "action": "check"}
        response = client.post(url(personas), data)
        assert response.status_code == 200
        assert "&lt; 80%" in response.content.decode()
        assert values(personas) == {}

    def test_viewer_sees_values_without_inputs(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, {"3.1": "85"})
        response = en(personas.client(personas.viewer_a)).get(url(personas))
        text = response.content.decode()
        assert response.status_code == 200
        assert 'name="value_3.1"' not in text and "hx-post" not in text
        assert "85" in text

    def test_viewer_cannot_post(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        response = post_values(en(personas.client(personas.viewer_a)), personas, {"3.1": "85"})
        assert response.status_code == 403
        assert values(personas) == {}

    def test_officer_of_other_commune_gets_404(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.commune_b))
        assert client.get(url(personas)).status_code == 404
        assert post_values(client, personas, {"3.1": "85"}).status_code == 404

    def test_district_url_is_not_an_entry_page(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = en(personas.client(personas.district))
        assert client.get(url(personas, unit="849")).status_code == 404

    def test_anonymous_goes_to_login(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        response = en(personas.client(None)).get(url(personas))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_locked_value_has_no_input(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        enter(personas, {"3.1": "85"})
        IndicatorValue.objects.filter(indicator_code="3.1").update(status=ValueStatus.LOCKED)
        text = en(personas.client(personas.commune_a)).get(url(personas)).content.decode()
        assert 'name="value_3.1"' not in text and "Locked" in text
        assert 'name="value_3.2"' in text

    def test_query_count_is_bounded(
        self, personas: Personas, criteria_set: CriteriaSet, django_assert_max_num_queries: Any
    ) -> None:
        enter(personas, ALL_MET)
        client = en(personas.client(personas.district))
        client.get(url(personas))  # warm the compiled-set cache
        with django_assert_max_num_queries(10):
            assert client.get(url(personas)).status_code == 200


class ReviewTests:
    def test_district_returns_a_value_and_the_commune_sees_why(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, {"3.1": "85"})
        district = en(personas.client(personas.district))
        response = district.post(
            url(personas, "3.1/return/"), {"comment": "Missing minutes", "version": "1"}
        )
        assert response.status_code == 302
        value = IndicatorValue.objects.get(indicator_code="3.1")
        assert value.status == ValueStatus.RETURNED
        text = en(personas.client(personas.commune_a)).get(url(personas)).content.decode()
        assert "Missing minutes" in text and "Returned for correction" in text

    def test_return_without_a_comment_is_refused(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, {"3.1": "85"})
        client = en(personas.client(personas.district))
        response = client.post(url(personas, "3.1/return/"), {"version": "1"})
        assert response.status_code == 422
        assert IndicatorValue.objects.get(indicator_code="3.1").status == ValueStatus.ENTERED

    def test_district_accepts_a_value(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        enter(personas, {"3.1": "85"})
        client = en(personas.client(personas.district))
        response = client.post(url(personas, "3.1/accept/"), {"version": "1"})
        assert response.status_code == 302
        assert IndicatorValue.objects.get(indicator_code="3.1").status == ValueStatus.ACCEPTED

    def test_commune_officer_cannot_review_their_own_values(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        enter(personas, {"3.1": "85"})
        client = en(personas.client(personas.commune_a))
        assert client.post(url(personas, "3.1/accept/"), {"version": "1"}).status_code == 403
        assert IndicatorValue.objects.get(indicator_code="3.1").status == ValueStatus.ENTERED
