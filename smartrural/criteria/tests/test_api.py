"""The criteria API through the test client: dataValueSets in and out, evaluation, summary."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.testing import Personas

from .factories import ALL_MET, stored_set

URL = "/api/v1/dataValueSets"


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def payload(values: dict[str, str], org_unit: str = "29479", **extra: Any) -> dict[str, Any]:
    return {
        "criteriaSet": "T-XA",
        "period": "2023",
        "orgUnit": org_unit,
        "dataValues": [{"indicator": k, "value": v, "comment": ""} for k, v in values.items()],
        **extra,
    }


def post(client: Client, body: Any) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


class DataValueSetPostTests:
    def test_it_imports_and_reports_counts(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, payload(ALL_MET))
        assert response.status_code == 200, response.content
        assert response.json() == {
            "status": "SUCCESS",
            "imported": 7,
            "updated": 0,
            "ignored": 0,
            "conflicts": [],
        }
        again = post(client, payload({**ALL_MET, "3.1": "90"})).json()
        assert (again["imported"], again["updated"], again["ignored"]) == (0, 1, 6)

    def test_unknown_indicator_or_malformed_value_writes_nothing_and_names_it(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, payload({"3.1": "85"}))
        before = IndicatorValue.objects.count()
        response = post(client, payload({"3.1": "60", "3.2": "Đạt", "42.1": "1", "7.1": "hmm"}))
        assert response.status_code == 409
        body = response.json()
        assert body["status"] == "ERROR"
        assert [(c["indicator"], c["value"]) for c in body["conflicts"]] == [
            ("42.1", "1"),
            ("7.1", "hmm"),
        ]
        assert "42.1" in body["conflicts"][0]["message"]
        assert "hmm" in body["conflicts"][1]["message"]
        assert IndicatorValue.objects.count() == before
        assert IndicatorValue.objects.get(indicator_code="3.1").value == "85"

    @pytest.mark.parametrize(
        ("body", "where"),
        [
            ({"criteriaSet": "T-XA", "period": "2023"}, "orgUnit"),
            (
                {"criteriaSet": "T-XA", "period": "20x3", "orgUnit": "29479", "dataValues": []},
                "period",
            ),
        ],
    )
    def test_a_malformed_payload_is_422_with_a_sentence_and_every_check(
        self, personas: Personas, criteria_set: CriteriaSet, body: Any, where: str
    ) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(URL, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert isinstance(detail, str)
        assert where in detail
        assert any(e["loc"][-1] == where for e in response.json()["errors"])

    def test_a_body_that_is_not_json_is_400_with_a_sentence(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(URL, data="not json", content_type="application/json")
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]

    def test_csv_is_accepted_with_query_parameters(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        csv_body = 'indicator,value,comment\n3.1,"85,2",đo đạc 2023\n3.2,Đạt,\n'
        response = client.post(
            f"{URL}.csv?criteriaSet=T-XA&period=2023&orgUnit=29479",
            data=csv_body.encode(),
            content_type="text/csv",
        )
        assert response.status_code == 200, response.content
        assert response.json()["imported"] == 2
        row = IndicatorValue.objects.get(indicator_code="3.1")
        assert (row.value, row.comment) == ("85.2", "đo đạc 2023")

    def test_unknown_set_is_404(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        response = post(personas.client(personas.commune_a), {**payload({}), "criteriaSet": "X"})
        assert response.status_code == 404


class DataValueSetAccessTests:
    def test_commune_b_gets_404_on_commune_a(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_b)
        assert post(client, payload({"3.1": "85"})).status_code == 404
        response = client.get(URL, {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479"})
        assert response.status_code == 404
        assert IndicatorValue.objects.count() == 0

    def test_viewer_gets_403_on_post(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        response = post(personas.client(personas.viewer_a), payload({"3.1": "85"}))
        assert response.status_code == 403
        assert response.json()["detail"]

    def test_anonymous_gets_401(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        assert post(personas.client(None), payload({"3.1": "85"})).status_code == 401
        assert personas.client(None).get("/api/v1/units/29479/evaluation").status_code == 401


class DataValueSetExportTests:
    def test_export_round_trips_json_and_csv_and_children(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        post(personas.client(personas.commune_a), payload({"3.1": "85", "3.2": "Đạt"}))
        post(personas.client(personas.commune_b), payload({"3.1": "70"}, org_unit="29482"))
        client = personas.client(personas.district)
        one = client.get(URL, {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479"})
        assert one.status_code == 200
        values = one.json()["dataValues"]
        assert [(v["orgUnit"], v["period"], v["indicator"], v["value"]) for v in values] == [
            ("29479", "2023", "3.1", "85"),
            ("29479", "2023", "3.2", "true"),
        ]
        tree = client.get(
            URL, {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "849", "children": "true"}
        ).json()
        assert {v["orgUnit"] for v in tree["dataValues"]} == {"29479", "29482"}
        csv_out = client.get(
            URL, {"criteriaSet": "T-XA", "period": "2023", "orgUnit": "29479", "format": "csv"}
        )
        assert csv_out["Content-Type"].startswith("text/csv")
        text = csv_out.content.decode()
        assert text.splitlines()[0] == "orgUnit,period,indicator,value,comment,version"
        back = client.post(
            f"{URL}.csv?criteriaSet=T-XA&period=2023&orgUnit=29479",
            data=text.encode(),
            content_type="text/csv",
        ).json()
        assert (back["status"], back["ignored"]) == ("SUCCESS", 2)


class EvaluationEndpointTests:
    def test_posting_below_then_at_the_threshold_flips_criterion_3(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, payload({**ALL_MET, "3.1": "79.9"}))
        url = "/api/v1/units/29479/evaluation?criteriaSet=T-XA&year=2023"
        data = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").json()
        assert set(data) >= {
            "unit",
            "criteriaSet",
            "setVersion",
            "year",
            "level",
            "criteriaMet",
            "criteriaTotal",
            "criteria",
            "missing",
        }
        assert (data["unit"], data["setVersion"], data["level"]) == ("29479", 1, None)
        assert (data["criteriaMet"], data["criteriaTotal"]) == (3, 4)
        crit3 = data["criteria"][0]
        assert (crit3["number"], crit3["met"]) == (3, False)
        explanation = crit3["indicators"][0]["explanation"]
        assert "79,9%" in explanation
        assert "80%" in explanation
        post(client, payload({"3.1": "80"}))
        data = client.get(url).json()
        assert data["criteria"][0]["met"] is True
        assert data["level"] == "ntm"

    def test_missing_values_are_listed(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        client = personas.client(personas.district)
        data = client.get("/api/v1/units/29479/evaluation?criteriaSet=T-XA&year=2023").json()
        assert data["missing"] == ["3.1", "3.2", "7.1", "10.1", "13.1", "13.2", "13.3"]

    def test_commune_b_gets_404_and_a_bad_year_422(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_b)
        url = "/api/v1/units/29479/evaluation?criteriaSet=T-XA&year="
        assert client.get(url + "2023").status_code == 404
        response = client.get(url + "next")
        assert response.status_code == 422
        assert response.json()["detail"].startswith("year:")


class SummaryEndpointTests:
    def test_summary_counts_and_scope(
        self, personas: Personas, criteria_set: CriteriaSet, django_assert_max_num_queries
    ) -> None:
        post(personas.client(personas.commune_a), payload(ALL_MET))
        post(personas.client(personas.commune_b), payload({**ALL_MET, "3.2": "0"}, "29482"))
        url = "/api/v1/summary?criteriaSet=T-XA&year=2023&parent="
        client = personas.client(personas.district)
        # The counts are public; the dossiers in progress are for the parent's officials.
        above = client.get(url + "84")
        assert above.status_code == 200
        assert above.json()["dossiersInProgress"] is None
        client.get(url + "849")  # warm the cache
        with django_assert_max_num_queries(12):  # + recognitions and dossiers
            data = client.get(url + "849").json()
        assert (data["total"], data["meetingAll"], data["notMeeting"]) == (2, 1, 1)
        assert data["recognised"] == {}
        assert data["asOf"] == "2023-07-01"
        province = personas.client(personas.province).get(url + "84").json()
        assert [(c["code"], c["total"]) for c in province["children"]] == [
            ("849", 2),
            ("844", 1),
        ]
