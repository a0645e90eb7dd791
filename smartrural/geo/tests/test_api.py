from __future__ import annotations

import json

import pytest

from smartrural.geo.models import AdministrativeUnit

LIST = "/api/v1/units"
AS_OF = "?as_of=2024-01-01"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch_json(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


class UnitListApiTests:
    def test_anyone_lists_units_on_a_date(self, personas):
        response = personas.client(None).get(LIST + AS_OF + "&parent=849")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert body["items"][0] == {
            "code": "29479",
            "name": "Xã Ngãi Xuyên",
            "kind": "xa",
            "level": "commune",
            "parent_code": "849",
            "valid_from": None,
            "valid_to": "2025-06-30",
            "region": "dbscl",
            "commune_group": None,
            "especially_difficult": None,
            "version": 1,
        }

    def test_it_filters_by_level_and_text_and_paginates(self, personas):
        client = personas.client(None)
        body = client.get(LIST + AS_OF + "&level=commune&q=ngai xuyen").json()
        assert [u["code"] for u in body["items"]] == ["29479"]
        body = client.get(LIST + AS_OF + "&limit=2&offset=2").json()
        assert body["count"] == 7
        assert [u["code"] for u in body["items"]] == ["29479", "2947901"]
        assert client.get(LIST + AS_OF + "&limit=1000").status_code == 422

    def test_a_bad_date_is_422_with_a_message(self, personas):
        for bad in ("2024-13-45", "01/07/2023", "2023-07-01T00:00:00"):
            response = personas.client(None).get(LIST, {"as_of": bad})
            assert response.status_code == 422, bad
            assert response.json()["detail"].startswith("as_of:")
            assert response.json()["errors"][0]["loc"] == ["query", "as_of"]

    def test_an_unknown_parent_is_404(self, personas):
        response = personas.client(None).get(LIST + "?as_of=2026-01-01&parent=849")
        assert response.status_code == 404

    @pytest.mark.usefixtures("reference")
    def test_query_count_is_bounded(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            body = client.get(LIST + "?as_of=2023-06-01&level=commune&limit=200").json()
        assert body["count"] == 106 and len(body["items"]) == 106

    def test_the_envelope_is_documented(self, personas):
        schema = personas.client(None).get("/api/v1/openapi.json").json()
        operation = schema["paths"]["/api/v1/units"]["get"]
        assert "count" in operation["description"]
        assert {"200", "404", "422"} <= set(operation["responses"])


class UnitDetailApiTests:
    def test_it_returns_the_unit_on_the_date(self, personas):
        body = personas.client(None).get(LIST + "/29479" + AS_OF).json()
        assert body["name"] == "Xã Ngãi Xuyên"
        assert body["predecessors"] == [] and body["successors"] == []

    def test_a_code_without_unit_on_the_date_is_404_json(self, personas):
        response = personas.client(None).get(LIST + "/29479?as_of=2025-07-01")
        assert response.status_code == 404
        assert "29479" in response.json()["detail"]

    @pytest.mark.usefixtures("reference")
    def test_it_lists_predecessors_and_successors(self, client):
        body = client.get(LIST + "/29489?as_of=2025-08-01").json()
        assert body["name"] == "Xã Hàm Giang" and body["parent_code"] == "86"
        assert [p["code"] for p in body["predecessors"]] == ["29482", "29488", "29489"]
        first = body["predecessors"][0]
        assert first["succession_kind"] == "whole"
        assert first["effective_date"] == "2025-07-01"
        assert first["legal_basis"] == "Nghị quyết 1687/NQ-UBTVQH15"
        old = client.get(LIST + "/29489?as_of=2025-01-01").json()
        assert old["name"] == "Xã Hàm Tân"
        assert [s["code"] for s in old["successors"]] == ["29489"]


class HamletAddApiTests:
    url = LIST + "/29479/hamlets" + AS_OF
    data = {"name": "Ấp Mới", "code": "2947902", "kind": "ap"}

    def test_the_commune_officer_adds_a_hamlet(self, personas):
        response = post_json(personas.client(personas.commune_a), self.url, self.data)
        assert response.status_code == 201
        assert response.json()["parent_code"] == "29479"
        assert AdministrativeUnit.objects.filter(code="2947902").exists()

    def test_invalid_input_is_422_and_a_code_that_does_not_fit_409(self, personas):
        client = personas.client(personas.commune_a)
        taken = post_json(client, self.url, {**self.data, "code": "2947901"})
        assert taken.status_code == 409
        assert taken.json()["field"] == "code"
        other_commune = post_json(client, self.url, {**self.data, "code": "2948201"})
        assert other_commune.status_code == 409
        assert post_json(client, self.url, {**self.data, "kind": "xa"}).status_code == 422
        assert post_json(client, self.url, {**self.data, "code": "29479-1"}).status_code == 422

    def test_anonymous_gets_401(self, personas):
        assert post_json(personas.client(None), self.url, self.data).status_code == 401

    def test_officer_of_other_commune_gets_404(self, personas):
        response = post_json(personas.client(personas.commune_b), self.url, self.data)
        assert response.status_code == 404

    def test_read_only_viewer_gets_403(self, personas):
        response = post_json(personas.client(personas.viewer_a), self.url, self.data)
        assert response.status_code == 403
        assert not AdministrativeUnit.objects.filter(code="2947902").exists()


class UnitPatchApiTests:
    url = LIST + "/29479" + AS_OF

    def test_the_district_officer_corrects_a_commune(self, personas):
        response = patch_json(personas.client(personas.district), self.url, {"commune_group": 1})
        assert response.status_code == 200
        assert response.json()["commune_group"] == 1
        unit = AdministrativeUnit.objects.get(code="29479")
        assert (unit.commune_group, unit.name) == (1, "Xã Ngãi Xuyên")

    def test_invalid_values_are_422(self, personas):
        client = personas.client(personas.district)
        assert patch_json(client, self.url, {"region": "mars"}).status_code == 422
        assert patch_json(client, self.url, {"commune_group": 5}).status_code == 422
        assert patch_json(client, self.url, {}).status_code == 422

    def test_anonymous_gets_401(self, personas):
        assert patch_json(personas.client(None), self.url, {"name": "X"}).status_code == 401

    def test_officer_of_other_district_gets_404(self, personas):
        client = personas.client(personas.other_district)
        assert patch_json(client, self.url, {"name": "X"}).status_code == 404

    def test_read_only_viewer_gets_403(self, personas):
        client = personas.client(personas.viewer_a)
        assert patch_json(client, self.url, {"name": "X"}).status_code == 403

    def test_a_commune_officer_cannot_edit_their_own_commune(self, personas):
        client = personas.client(personas.commune_a)
        assert patch_json(client, self.url, {"name": "X"}).status_code == 403
        assert AdministrativeUnit.objects.get(code="29479").name == "Xã Ngãi Xuyên"
