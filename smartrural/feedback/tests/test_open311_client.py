"""An independent GeoReport v2 client, written from the specification alone (no code of the
server), lists the services, reads a definition, posts a request and reads it back, in JSON and
in XML. The transport is Django's test client (the whole HTTP stack of Django, no socket); the
benchmark (``bench/open311.py``) drives the same API over real HTTP on gunicorn.

A published client, **georeport** 0.3.1 (PyPI, 2025; not written here), then lists the services
and reads a request back in JSON and in XML over real HTTP (a live server). It cannot post (its
README: "does not currently support the creation of new 311 service requests"), and the only
published clients that can — ``open311`` 1.1 and ``three`` 0.8 (Code for America, 2011-2013) — do
not import on Python 3 (``from itertools import ifilter``, implicit relative imports); so the
post there is the specification's form-encoded POST made with ``requests``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import georeport
import pytest
import requests
from django.test import Client

from smartrural.feedback.open311 import lookups
from smartrural.feedback.open311.keys import forget_keys, open311_client_create
from smartrural.testing import TODAY, Clock, Personas

from .factories import today_units

pytestmark = pytest.mark.django_db

Transport = Callable[[str, str, bytes], tuple[int, bytes]]


class GeoReportError(Exception):
    def __init__(self, status: int, errors: list[dict[str, str]]) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = errors


class GeoReport:
    """GeoReport v2 as the specification describes it: ``{endpoint}/services.{format}``, …;
    XML lists are a root element holding one element per item, each a flat record (except the
    nested ``attributes``/``values`` of a service definition)."""

    def __init__(self, endpoint: str, fmt: str, transport: Transport, api_key: str = "") -> None:
        self.endpoint, self.fmt, self.transport, self.api_key = endpoint, fmt, transport, api_key

    def _call(self, method: str, resource: str, params: dict[str, str] | None = None) -> Any:
        url = f"{self.endpoint}/{resource}.{self.fmt}"
        body = b""
        if method == "GET" and params:
            url += "?" + urlencode(params)
        elif params:
            body = urlencode(params).encode()
        status, content = self.transport(method, url, body)
        document = self._parse(content)
        if status >= 400:
            raise GeoReportError(status, document)
        return document

    def _parse(self, content: bytes) -> Any:
        if self.fmt == "json":
            return json.loads(content)
        root = ET.fromstring(content)  # noqa: S314 - the server under test
        if root.tag == "service_definition":
            return {
                "service_code": root.findtext("service_code"),
                "attributes": [
                    {
                        **{c.tag: c.text or "" for c in a if c.tag != "values"},
                        "values": [
                            {"key": v.findtext("key"), "name": v.findtext("name")}
                            for v in a.findall("values/value")
                        ],
                    }
                    for a in root.findall("attributes/attribute")
                ],
            }
        return [{c.tag: c.text or "" for c in item} for item in root]

    def services(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "services"))

    def definition(self, code: str) -> dict[str, Any]:
        return dict(self._call("GET", f"services/{code}"))

    def create(self, service_code: str, **fields: str) -> dict[str, Any]:
        params = {"api_key": self.api_key, "service_code": service_code, **fields}
        return dict(self._call("POST", "requests", params)[0])

    def request(self, service_request_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"requests/{service_request_id}")[0])

    def requests(self, **filters: str) -> list[dict[str, Any]]:
        return list(self._call("GET", "requests", filters))

    def request_id_from_token(self, token: str) -> str:
        return str(self._call("GET", f"tokens/{token}")[0]["service_request_id"])


def django_transport(method: str, url: str, body: bytes) -> tuple[int, bytes]:
    client = Client(enforce_csrf_checks=True)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    return response.status_code, response.content


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    forget_keys()
    lookups.forget()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_spec_client_lists_posts_and_reads_back(
    personas: Personas, clock: Clock, settings: Any, fmt: str
) -> None:
    clock.set(TODAY)
    settings.PROVINCE_CODE = "86"
    today_units(personas)
    key = open311_client_create(name="Ứng dụng thử", by=None)[1]
    api = GeoReport("http://testserver/open311/v2", fmt, django_transport, api_key=key)

    services = {s["service_code"]: s for s in api.services()}
    pollution = services["moi-truong"]
    assert str(pollution["metadata"]).lower() == "true"
    (question,) = api.definition("moi-truong")["attributes"]
    assert str(question["required"]).lower() == "true"
    answer = question["values"][1]["key"]

    created = api.create(
        "moi-truong",
        address_id="2946101",
        description="Nước thải từ cơ sở chế biến chảy ra kênh.",
        first_name="Trần",
        last_name="Bình",
        email="binh@example.test",
        **{f"attribute[{question['code']}]": answer},
    )
    pk = created["service_request_id"]
    assert created["service_notice"]
    assert api.request_id_from_token(created["token"]) == pk

    found = api.request(pk)
    assert found["service_code"] == "moi-truong" and found["status"] == "open"
    assert found["agency_responsible"] == "Xã Trà Cú"
    assert found["requested_datetime"].startswith("2026-12-02T09:")
    assert found["requested_datetime"].endswith("+07:00")
    assert "Bình" not in json.dumps(found) and "binh@" not in json.dumps(found)
    assert pk in [r["service_request_id"] for r in api.requests(status="open")]

    with pytest.raises(GeoReportError) as refused:
        GeoReport(api.endpoint, fmt, django_transport, api_key="sai").create(
            "moi-truong", address_id="2946101", description="x"
        )
    assert refused.value.status == 401
    assert refused.value.errors[0]["code"] in (401, "401")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_published_client_lists_the_services_and_reads_a_request_back(
    live_server: Any, personas: Personas, clock: Clock, settings: Any, fmt: str
) -> None:
    clock.set(TODAY)
    settings.PROVINCE_CODE = "86"
    today_units(personas)
    key = open311_client_create(name="georeport", by=None)[1]
    endpoint = f"{live_server.url}/open311/v2"
    published = georeport.GeoReport(endpoint, api_key=key, output_format=fmt)

    codes = {s["service_code"] for s in published.get_service_list()}
    assert {"giao-thong", "thuy-loi", "moi-truong"} <= codes
    posted = requests.post(
        f"{endpoint}/requests.json",
        data={
            "api_key": key,
            "service_code": "giao-thong",
            "address_id": "2946101",
            "description": "Cống qua đường bị sập, xe không qua được.",
            "phone": "0912345678",
        },
        timeout=30,
    )
    assert posted.status_code == 200, posted.text
    pk = posted.json()[0]["service_request_id"]

    found = published.get_service_request(pk)
    assert str(found["service_request_id"]) == str(pk)
    assert found["service_code"] == "giao-thong" and found["status"] == "open"
    assert found["agency_responsible"] == "Xã Trà Cú"
    assert "0912345678" not in str(found)
    listed = published.get_service_requests(service_request_id=str(pk))
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one element alone
    assert [str(r["service_request_id"]) for r in listed] == [str(pk)]

    # The request is in the queue of Trà Cú's officer, and not in Hàm Giang's.
    officer, other = Client(), Client()
    officer.force_login(personas.commune_a)
    other.force_login(personas.commune_b)
    assert f"#{pk}" in officer.get("/feedback/work/").content.decode()
    assert f"#{pk}" not in other.get("/feedback/work/").content.decode()
    assert other.get(f"/feedback/work/{pk}/").status_code == 404
