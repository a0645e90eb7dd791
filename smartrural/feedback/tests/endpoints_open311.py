"""Endpoint matrix rows of Open311 (/open311/v2/): reading is public, the same for everyone
(a login changes nothing); posting needs an application's api_key, never a session."""

from __future__ import annotations

from smartrural.testing import IN_2023, Personas
from smartrural.testing_matrix import Endpoint, everyone

from .factories import file_report

BASE = "/open311/v2"


def _request_url(personas: Personas) -> str:
    report = file_report(personas.hamlet_a_unit, on=IN_2023).report
    return f"{BASE}/requests/{report.pk}.json"


def _token_url(personas: Personas) -> str:
    code = file_report(personas.hamlet_a_unit, on=IN_2023).tracking_code
    return f"{BASE}/tokens/{code}.xml"


POST_BODY: dict[str, object] = {
    "service_code": "giao-thong",
    "address_id": "2947901",
    "description": "Đường liên ấp bị sạt lở.",
}

ENDPOINTS: list[Endpoint] = [
    Endpoint("open311:discovery", "get", lambda p: f"{BASE}/discovery.json", everyone(200)),
    Endpoint("open311:discovery", "get", lambda p: f"{BASE}/discovery.xml", everyone(200)),
    Endpoint("open311:services", "get", lambda p: f"{BASE}/services.json", everyone(200)),
    Endpoint("open311:services", "get", lambda p: f"{BASE}/services.xml", everyone(200)),
    Endpoint("open311:service", "get", lambda p: f"{BASE}/services/dien.json", everyone(200)),
    Endpoint("open311:service", "get", lambda p: f"{BASE}/services/ha-tang.xml", everyone(404)),
    Endpoint("open311:requests", "get", lambda p: f"{BASE}/requests.json", everyone(200)),
    Endpoint("open311:requests", "get", lambda p: f"{BASE}/requests.xml", everyone(200)),
    # A session (any persona's) is no api_key: without one, or with a wrong one, 401.
    Endpoint(
        "open311:requests", "post", lambda p: f"{BASE}/requests.json", everyone(401), POST_BODY
    ),
    Endpoint(
        "open311:requests",
        "post",
        lambda p: f"{BASE}/requests.xml",
        everyone(401),
        {**POST_BODY, "api_key": "o311_00000000_wrong"},
    ),
    Endpoint("open311:request", "get", _request_url, everyone(200)),
    Endpoint("open311:token", "get", _token_url, everyone(200)),
]
