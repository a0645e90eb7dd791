"""Two officers entering one unit's values: the entry page writes only what an officer changed,
each value against the version it was loaded at; the API's dataValueSets rows likewise; a stale
review is refused with both values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.criteria.services import ValueRow, data_value_set_import
from smartrural.testing import Personas, posted_form

from .factories import stored_set

pytestmark = pytest.mark.django_db
PAGE = "/criteria/T-XA/2023/29479/"
API = "/api/v1/dataValueSets"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def stored(code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator_code=code)


def opened(client: Client) -> Any:
    """The entry page's form as the officer's browser holds it."""
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.context["form"]


def save(client: Client, form: Any, **typed: str) -> Any:
    return client.post(PAGE, posted_form(form, **typed, action="save"))


def seed(personas: Personas, values: dict[str, str]) -> None:
    data_value_set_import(
        criteria_set=CriteriaSet.objects.get(code="T-XA"),
        year=2023,
        unit=personas.commune_a_unit,
        rows=[ValueRow(code, value) for code, value in values.items()],
        by=personas.commune_a,
    )


class EntryPageTests:
    def test_each_value_carries_its_version_and_the_value_it_was_loaded_with(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        html = en(personas.client(personas.commune_a)).get(PAGE).content.decode()
        assert 'name="version_3.1" value="1"' in html
        assert 'name="initial-value_3.1" value="85"' in html
        assert 'name="version_10.1" value="0"' in html  # nothing stored yet

    def test_an_untouched_value_is_never_written_back(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85", "10.1": "50"})
        officer_a = en(personas.client(personas.commune_a))
        officer_b = en(personas.client(personas.district))
        page_b = opened(officer_b)  # B opens the page first
        assert save(officer_a, opened(officer_a), **{"value_3.1": "90"}).status_code == 302

        response = save(officer_b, page_b, **{"value_10.1": "60"})  # B changes only 10.1

        assert response.status_code == 302
        assert (stored("3.1").value, stored("10.1").value) == ("90", "60")
        assert stored("3.1").entered_by == personas.commune_a
        assert stored("3.1").history.count() == 2  # seeded, then A: B wrote nothing to it

    def test_the_second_officer_changing_the_same_value_gets_both_values(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85", "10.1": "50"})
        officer_a = en(personas.client(personas.commune_a))
        officer_b = en(personas.client(personas.district))
        page_b = opened(officer_b)
        save(officer_a, opened(officer_a), **{"value_3.1": "90"})

        response = save(officer_b, page_b, **{"value_3.1": "70", "value_10.1": "60"})

        assert response.status_code == 409
        html = response.content.decode()
        block = html[html.index('id="edit-conflict"') : html.index("</table>")]
        assert "Someone changed this since you opened the page." in html
        assert "Indicator 3.1" in block and "90" in block and "70" in block
        assert personas.commune_a.display_name in block
        # all or nothing: 10.1, changed by B alone, is not written either
        assert (stored("3.1").value, stored("10.1").value) == ("90", "50")
        form = response.context["form"]
        assert form["value_3.1"].value() == "70"  # what B typed stays in the form
        assert form["version_3.1"].value() == "2"  # over the version stored now

    def test_saving_again_after_the_conflict_keeps_the_second_officers_value(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85", "10.1": "50"})
        officer_a = en(personas.client(personas.commune_a))
        officer_b = en(personas.client(personas.district))
        page_b = opened(officer_b)
        save(officer_a, opened(officer_a), **{"value_3.1": "90", "value_10.1": "55"})
        conflict = save(officer_b, page_b, **{"value_3.1": "70"})
        assert conflict.status_code == 409
        # 10.1, untouched by B, shows what A stored, and is still not B's to write
        assert conflict.context["form"]["value_10.1"].value() == "55"

        again = save(officer_b, conflict.context["form"])

        assert again.status_code == 302
        assert (stored("3.1").value, stored("10.1").value) == ("70", "55")
        assert stored("3.1").version == 3 and stored("10.1").version == 2

    def test_a_value_someone_else_entered_first_is_a_conflict(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        officer_a = en(personas.client(personas.commune_a))
        officer_b = en(personas.client(personas.district))
        page_b = opened(officer_b)  # no value yet
        save(officer_a, opened(officer_a), **{"value_10.1": "60"})
        response = save(officer_b, page_b, **{"value_10.1": "61"})
        assert response.status_code == 409
        assert stored("10.1").value == "60"

    def test_a_matching_version_saves_and_moves_on_by_exactly_one(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = en(personas.client(personas.commune_a))
        assert save(client, opened(client), **{"value_3.1": "86"}).status_code == 302
        assert stored("3.1").version == 2
        assert save(client, opened(client), **{"value_3.1": "87"}).status_code == 302
        assert stored("3.1").version == 3

    def test_a_changed_value_without_its_version_is_refused(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = en(personas.client(personas.commune_a))
        data = posted_form(opened(client), **{"value_3.1": "86"}, action="save")
        del data["version_3.1"]
        response = client.post(PAGE, data)
        assert response.status_code == 422
        assert "reload the page" in response.content.decode()
        assert stored("3.1").value == "85"


class ReviewTests:
    def test_a_review_of_a_value_changed_meanwhile_is_a_conflict(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        reviewer = en(personas.client(personas.district))
        review = reviewer.get(f"{PAGE}3.1/return/")
        shown = review.context["accept_form"]["version"].value()
        officer = en(personas.client(personas.commune_a))
        save(officer, opened(officer), **{"value_3.1": "79"})

        response = reviewer.post(f"{PAGE}3.1/accept/", {"version": shown})

        assert response.status_code == 409
        assert "Someone changed this since you opened the page." in response.content.decode()
        assert stored("3.1").status == ValueStatus.ENTERED
        # the page now shows the value as it is, ready to be accepted
        assert reviewer.post(f"{PAGE}3.1/accept/", {"version": "2"}).status_code == 302
        assert stored("3.1").status == ValueStatus.ACCEPTED

    def test_a_return_from_a_stale_page_is_a_conflict(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        reviewer = en(personas.client(personas.district))
        form = reviewer.get(f"{PAGE}3.1/return/").context["form"]
        officer = en(personas.client(personas.commune_a))
        save(officer, opened(officer), **{"value_3.1": "79"})
        response = reviewer.post(f"{PAGE}3.1/return/", posted_form(form, comment="Thiếu"))
        assert response.status_code == 409
        assert stored("3.1").status == ValueStatus.ENTERED


def post(client: Client, body: Any, **headers: str) -> Any:
    return client.post(API, json.dumps(body), content_type="application/json", headers=headers)


def body(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479", "dataValues": rows}


class DataValueSetVersionTests:
    def test_the_export_gives_each_values_version(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = personas.client(personas.commune_a)
        out = client.get(f"{API}?criteriaSet=T-XA&period=2023&orgUnit=29479").json()
        assert [(v["indicator"], v["version"]) for v in out["dataValues"]] == [("3.1", 1)]

    def test_a_row_read_at_the_stored_version_is_written_and_moves_it_on_by_one(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = personas.client(personas.commune_a)
        response = post(client, body([{"indicator": "3.1", "value": "86", "version": 1}]))
        assert response.status_code == 200, response.content
        assert (stored("3.1").value, stored("3.1").version) == ("86", 2)

    def test_a_row_whose_value_moved_on_is_a_conflict_with_both_values_and_nothing_written(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85", "10.1": "50"})
        first, second = personas.client(personas.commune_a), personas.client(personas.district)
        assert (
            post(first, body([{"indicator": "3.1", "value": "90", "version": 1}])).status_code
            == 200
        )

        response = post(
            second,
            body(
                [
                    {"indicator": "3.1", "value": "70", "version": 1},
                    {"indicator": "10.1", "value": "60", "version": 1},
                ]
            ),
        )

        assert response.status_code == 409
        report = response.json()
        assert report["status"] == "ERROR"
        assert report["conflicts"] == [
            {
                "indicator": "3.1",
                "value": "70",
                "message": report["conflicts"][0]["message"],
                "current": "90",
                "currentVersion": 2,
            }
        ]
        assert "“90”" in report["conflicts"][0]["message"]
        assert (stored("3.1").value, stored("10.1").value) == ("90", "50")

    def test_a_row_for_a_value_that_did_not_exist_is_sent_with_version_0(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        assert (
            post(client, body([{"indicator": "3.1", "value": "85", "version": 0}])).status_code
            == 200
        )
        response = post(client, body([{"indicator": "3.1", "value": "86", "version": 0}]))
        assert response.status_code == 409
        assert response.json()["conflicts"][0]["currentVersion"] == 1

    def test_rows_without_version_are_written_over_whatever_is_stored(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = personas.client(personas.commune_a)
        assert (
            post(client, body([{"indicator": "3.1", "value": "90", "version": 1}])).status_code
            == 200
        )
        assert post(client, body([{"indicator": "3.1", "value": "70"}])).status_code == 200
        assert stored("3.1").value == "70"

    def test_a_csv_may_carry_a_version_column(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        seed(personas, {"3.1": "85"})
        client = personas.client(personas.commune_a)
        url = f"{API}.csv?criteriaSet=T-XA&period=2023&orgUnit=29479"
        stale = "indicator,value,comment,version\n3.1,70,,0\n"
        response = client.post(url, stale, content_type="text/csv")
        assert response.status_code == 409
        bad = "indicator,value,comment,version\n3.1,70,,x\n"
        assert client.post(url, bad, content_type="text/csv").status_code == 422
        fresh = "indicator,value,comment,version\n3.1,70,,1\n"
        assert client.post(url, fresh, content_type="text/csv").status_code == 200
        assert stored("3.1").value == "70"

    def test_a_negative_version_is_malformed(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, body([{"indicator": "3.1", "value": "85", "version": -1}]))
        assert response.status_code == 422
