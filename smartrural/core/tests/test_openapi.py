"""The published OpenAPI is well formed and says what the API does: no duplicate keys, one
schema per name, every error declared with its body, and the request checks it promises."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
import yaml
from django.test import Client
from pydantic import BaseModel

from config.api import api
from smartrural.geo.api import RegionCode
from smartrural.geo.models import Region
from smartrural.testing import Personas

SPEC_URL = "/api/v1/openapi.json"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate keys in the OpenAPI: {duplicates}")
    return dict(pairs)


class _StrictYamlLoader(yaml.SafeLoader):
    """YAML as Swagger UI reads the spec (js-yaml): a mapping with a key twice is refused
    ("duplicated mapping key") instead of the last value winning."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"duplicated mapping key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _strict_yaml(text: str | bytes) -> Any:
    return yaml.load(text, Loader=_StrictYamlLoader)  # noqa: S506 - a SafeLoader


def _pairs_joined(value: Any) -> Any:
    """``value`` with UTF-16 surrogate pairs joined: YAML 1.1 (PyYAML) reads the JSON escape
    ``\\ud804\\udcbd`` as two code points where JSON and JavaScript read one."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    if isinstance(value, list):
        return [_pairs_joined(item) for item in value]
    if isinstance(value, dict):
        return {_pairs_joined(k): _pairs_joined(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def spec_text() -> bytes:
    response = Client().get(SPEC_URL)
    assert response.status_code == 200
    return response.content


@pytest.fixture(scope="module")
def spec(spec_text: bytes) -> dict[str, Any]:
    return json.loads(spec_text, object_pairs_hook=_no_duplicates)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation names, nested ones included."""
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
        for field in annotation.model_fields.values():
            found.extend(_models(field.annotation))
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models(arg))
    return found


class SpecShapeTests:
    def test_the_loader_refuses_duplicate_keys(self) -> None:
        with pytest.raises(ValueError, match="200"):
            json.loads('{"responses": {"200": {}, "200": {}}}', object_pairs_hook=_no_duplicates)

    def test_it_has_no_duplicate_key(self, spec: dict[str, Any]) -> None:
        assert spec["openapi"].startswith("3.1")
        assert "/api/v1/dataValueSets" in spec["paths"]

    def test_the_yaml_loader_refuses_duplicate_keys(self) -> None:
        with pytest.raises(yaml.constructor.ConstructorError, match="duplicated mapping key '200'"):
            _strict_yaml('{"responses": {"200": {}, "200": {}}}')
        nested = "paths:\n  /a:\n    get: {}\n    get: {}\n"
        with pytest.raises(yaml.constructor.ConstructorError, match="'get'"):
            _strict_yaml(nested)
        assert _strict_yaml('{"200": {}, "201": {}}') == {"200": {}, "201": {}}

    def test_it_reads_the_same_as_strict_yaml(self, spec_text: bytes, spec: dict[str, Any]) -> None:
        # Swagger UI parses the document as YAML: it must load there, key for key.
        as_yaml = _strict_yaml(spec_text)
        assert _pairs_joined(as_yaml) == spec

    def test_every_schema_name_is_one_model(self, spec: dict[str, Any]) -> None:
        published = set(spec["components"]["schemas"])
        by_name: dict[str, set[type[BaseModel]]] = {}
        for _prefix, router in api._routers:
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    models = [m for r in operation.response_models.values() for m in _models(r)]
                    for param_model in operation.models:
                        models.extend(_models(param_model))
                    for model in models:
                        if model.__name__ in published:  # not ninja's own wrappers
                            by_name.setdefault(model.__name__, set()).add(model)
        shared = {name: models for name, models in by_name.items() if len(models) > 1}
        assert shared == {}
        assert {"IndicatorOut", "KpiIndicatorOut", "UnitOut", "KpiUnitOut"} <= set(by_name)

    def test_every_operation_declares_its_errors_with_the_error_body(
        self, spec: dict[str, Any]
    ) -> None:
        error_ref = {"$ref": "#/components/schemas/ErrorOut"}
        for method, path, operation in _operations(spec):
            responses = operation["responses"]
            if operation["parameters"] or "requestBody" in operation:
                assert "422" in responses, (method, path)
            if {} not in operation.get("security", []):
                assert "401" in responses, (method, path)
            if "requestBody" in operation:
                assert {"400", "415", "422"} <= set(responses), (method, path)
            for status, answer in responses.items():
                if status.startswith("4") and status != "409":
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == error_ref, (method, path, status)

    def test_required_parameters_are_declared_required(self, spec: dict[str, Any]) -> None:
        required = {
            ("GET", "/api/v1/dataValueSets"): {"criteriaSet", "period", "orgUnit"},
            ("POST", "/api/v1/dataValueSets.csv"): {"criteriaSet", "period", "orgUnit"},
            ("GET", "/api/v1/units/{code}/evaluation"): {"code", "criteriaSet", "year"},
            ("GET", "/api/v1/summary"): {"criteriaSet", "year", "parent"},
            ("GET", "/api/v1/transformation/kpis"): {"year", "parent"},
        }
        operations = {(m, p): o for m, p, o in _operations(spec)}
        for key, names in required.items():
            declared = {p["name"] for p in operations[key]["parameters"] if p.get("required")}
            assert declared == names, key

    def test_the_region_codes_of_the_api_are_the_models(self) -> None:
        assert set(get_args(RegionCode)) == {"", None, *Region.values}

    def test_public_operations_say_no_credentials_are_needed(self, spec: dict[str, Any]) -> None:
        public = {(m, p) for m, p, o in _operations(spec) if {} in o.get("security", [])}
        assert public == {
            ("GET", "/api/v1/units"),
            ("GET", "/api/v1/units/{code}"),
            ("GET", "/api/v1/summary"),
        }

    def test_text_fields_publish_their_bounds(self, spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        name = schemas["HamletIn"]["properties"]["name"]
        assert (name["maxLength"], name["minLength"]) == (200, 1)
        assert name["pattern"].startswith("^[^\\u0000-\\u001f")
        comment = schemas["DataValueIn"]["properties"]["comment"]["anyOf"][0]
        assert comment["maxLength"] == 5000
        offset = next(
            p for p in spec["paths"]["/api/v1/units"]["get"]["parameters"] if p["name"] == "offset"
        )
        assert offset["schema"]["maximum"] == 1_000_000


def _patch(client: Client, body: Any, content_type: str = "application/json") -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    url = "/api/v1/units/2947901?as_of=2023-07-01"
    return client.patch(url, data=data, content_type=content_type)


class RequestCheckTests:
    def test_json_under_another_content_type_is_415(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "text/csv"):
            response = _patch(client, {"name": "Ấp Chợ Mới"}, content_type)
            assert response.status_code == 415, content_type
            assert "application/json" in response.json()["detail"]
        assert _patch(client, {"name": "Ấp Chợ Mới"}).status_code == 200

    def test_a_body_that_is_not_json_is_400(self, personas: Personas) -> None:
        response = _patch(personas.client(personas.district), b'{"name": ')
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"name": "\\ud800"}',
            '{"name": "\\udfff Chợ"}'.encode(),
            b'{"\\ud800": "x"}',
            b'{"name": "ok", "region": "\\udbff"}',
        ],
    )
    def test_a_lone_surrogate_is_422_before_anything_is_stored(
        self, personas: Personas, raw: bytes
    ) -> None:
        response = _patch(personas.client(personas.district), raw)
        assert response.status_code == 422
        assert "surrogate" in response.json()["detail"]
        assert personas.hamlet_a_unit.history.count() == 1

    def test_a_surrogate_pair_is_a_character(self, personas: Personas) -> None:
        body = b'{"name": "\\u1ea4p \\ud83c\\udf3e"}'
        response = _patch(personas.client(personas.district), body)
        assert response.status_code == 200, response.content
        assert response.json()["name"] == "Ấp 🌾"

    @pytest.mark.parametrize(
        "body",
        [
            {"commune_group": True},
            {"commune_group": "2"},
            {"commune_group": 2.5},
            {"name": 12},
            {"region": "mars"},
            {"name": "Ấp", "colour": "red"},
            {},
        ],
    )
    def test_strict_types_and_no_unknown_fields(self, personas: Personas, body: Any) -> None:
        response = _patch(personas.client(personas.district), body)
        assert response.status_code == 422, response.content
        assert isinstance(response.json()["detail"], str)

    def test_a_whole_float_is_a_json_integer(self, personas: Personas) -> None:
        response = _patch(personas.client(personas.district), {"commune_group": 2.0})
        assert response.status_code == 200, response.content
        assert response.json()["commune_group"] == 2

    def test_a_422_has_a_readable_detail_and_every_check(self, personas: Personas) -> None:
        response = personas.client(None).get("/api/v1/units?limit=0&offset=-1&level=town")
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == (
            "level: phải là một trong 'province', 'district', 'commune' hoặc 'hamlet'; "
            "limit: phải từ 1 trở lên; offset: phải từ 0 trở lên."
        )
        assert [e["loc"] for e in body["errors"]] == [
            ["query", "level"],
            ["query", "limit"],
            ["query", "offset"],
        ]

    @pytest.mark.parametrize(
        ("offset", "status"),
        [(1_000_000, 200), (1_000_001, 422), (9223372036854775808, 422), (10**30, 422)],
    )
    def test_the_offset_is_bounded(self, personas: Personas, offset: int, status: int) -> None:
        response = personas.client(None).get(f"/api/v1/units?offset={offset}")
        assert response.status_code == status
        if status == 200:
            assert response.json()["items"] == []

    def test_csv_at_the_json_operation_is_415(self, personas: Personas) -> None:
        response = personas.client(personas.commune_a).post(
            "/api/v1/dataValueSets", data=b"indicator,value\n3.1,85\n", content_type="text/csv"
        )
        assert response.status_code == 415

    def test_an_unauthenticated_write_is_401_with_the_error_body(self, personas: Personas) -> None:
        response = _patch(personas.client(None), {"name": "Ấp"})
        assert response.status_code == 401
        assert set(response.json()) == {"detail"}
