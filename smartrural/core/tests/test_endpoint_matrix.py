"""Every endpoint against every persona: works for the right people, 404 for the wrong unit,
403 for read-only, login (pages) or 401 (API) for anonymous.

``ENDPOINTS`` must name every URL of the project: ``EndpointCoverageTests`` fails when a new
URL appears without its row here, so no endpoint ships without its access tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from smartrural.criteria.tests.endpoints import criteria_url
from smartrural.testing import Personas
from smartrural.testing_matrix import (
    AS_OF,
    LOGIN,
    PERSONAS,
    UNIT_READ,
    Endpoint,
    api_logged_in,
    commune_a_url,
    everyone,
    hamlet_url,
    logged_in,
    token_of,
    unit_write,
    user_manage,
    user_url,
)

ENDPOINTS = [
    # Public pages and open data.
    Endpoint("core:home", "get", lambda p: "/lam-viec/", everyone(200)),
    Endpoint("core:healthz", "get", lambda p: "/healthz", everyone(200)),
    Endpoint(
        "set_language",
        "post",
        lambda p: "/i18n/setlang/",
        everyone(302),
        body={"language": "en", "next": "/"},
    ),
    Endpoint("geo:unit-list", "get", lambda p: f"/units/?as_of={AS_OF}", everyone(200)),
    Endpoint("geo:unit-detail", "get", commune_a_url(""), everyone(200)),
    Endpoint("geo:unit-history", "get", commune_a_url("history/"), everyone(200)),
    Endpoint("api:openapi-json", "get", lambda p: "/api/v1/openapi.json", everyone(200)),
    Endpoint("api:openapi-view", "get", lambda p: "/api/v1/docs", everyone(200)),
    Endpoint("api:api-root", "get", lambda p: "/api/v1/", everyone(404)),
    Endpoint("api:list_units", "get", lambda p: f"/api/v1/units?as_of={AS_OF}", everyone(200)),
    Endpoint("api:get_unit", "get", lambda p: f"/api/v1/units/29479?as_of={AS_OF}", everyone(200)),
    # Public results (recognitions and published figures): no login.
    Endpoint("results:province", "get", lambda p: "/results/?year=2023", everyone(200)),
    Endpoint("results:unit", "get", lambda p: "/results/29479/?year=2023", everyone(200)),
    Endpoint("results:unit", "get", lambda p: "/results/2947901/", everyone(404)),
    # Writes to units.
    Endpoint("geo:hamlet-add", "get", commune_a_url("hamlets/add/"), unit_write(200)),
    Endpoint(
        "geo:hamlet-add",
        "post",
        commune_a_url("hamlets/add/"),
        unit_write(302),
        body={"name": "Ấp Mới", "code": "2947909", "kind": "ap"},
    ),
    Endpoint("geo:unit-edit", "get", hamlet_url("edit/"), unit_write(200)),
    Endpoint(
        "geo:unit-edit",
        "post",
        hamlet_url("edit/"),
        unit_write(302),
        body={"name": "Ấp Chợ Mới", "region": "dbscl", "commune_group": "", "version": "1"},
    ),
    Endpoint(
        "api:add_hamlet",
        "post",
        lambda p: f"/api/v1/units/29479/hamlets?as_of={AS_OF}",
        unit_write(201, anonymous=401),
        body={"name": "Ấp Mới", "code": "2947909", "kind": "ap"},
        json_body=True,
    ),
    Endpoint(
        "api:patch_unit",
        "patch",
        lambda p: f"/api/v1/units/2947901?as_of={AS_OF}",
        unit_write(200, anonymous=401),
        body={"name": "Ấp Chợ Mới"},
        json_body=True,
    ),
    # The caller's own account.
    Endpoint("api:me", "get", lambda p: "/api/v1/accounts/me", api_logged_in(200)),
    Endpoint("accounts:login", "get", lambda p: "/accounts/login/", everyone(200)),
    Endpoint("accounts:logout", "post", lambda p: "/accounts/logout/", everyone(302)),
    Endpoint(
        "accounts:password-reset", "get", lambda p: "/accounts/password-reset/", everyone(200)
    ),
    Endpoint(
        "accounts:password-reset-done",
        "get",
        lambda p: "/accounts/password-reset/sent/",
        everyone(200),
    ),
    Endpoint(
        "accounts:password-reset-confirm",
        "get",
        lambda p: "/accounts/password-reset/MQ/bad-token/",
        everyone(200),
    ),
    Endpoint(
        "accounts:password-reset-complete",
        "get",
        lambda p: "/accounts/password-reset/done/",
        everyone(200),
    ),
    Endpoint(
        "accounts:password-change", "get", lambda p: "/accounts/password-change/", logged_in(200)
    ),
    Endpoint(
        "accounts:password-change-done",
        "get",
        lambda p: "/accounts/password-change/done/",
        logged_in(200),
    ),
    Endpoint("accounts:account", "get", lambda p: "/accounts/me/", logged_in(200)),
    Endpoint(
        "accounts:token-create",
        "post",
        lambda p: "/accounts/me/tokens/",
        logged_in(200, resident=404),  # residents have no API tokens
        body={"name": "laptop"},
    ),
    # Someone else's token is not found; only commune A's officer owns this one.
    Endpoint(
        "accounts:token-revoke",
        "post",
        lambda p: f"/accounts/me/tokens/{token_of(p)}/revoke/",
        logged_in(404, commune_a=302),
    ),
    Endpoint("accounts:2fa-setup", "get", lambda p: "/accounts/2fa/setup/", logged_in(200)),
    # Without an enrolled device there is nothing to verify or disable: back to set-up/account.
    Endpoint("accounts:2fa-verify", "get", lambda p: "/accounts/2fa/verify/", logged_in(302)),
    Endpoint("accounts:2fa-disable", "post", lambda p: "/accounts/2fa/disable/", logged_in(302)),
    # User management.
    # Lists and forms hold no particular user: every manager opens them (scoped inside).
    Endpoint(
        "accounts:user-list",
        "get",
        lambda p: "/accounts/users/",
        user_manage(200, other_district=200),
    ),
    Endpoint(
        "accounts:user-add",
        "get",
        lambda p: "/accounts/users/add/",
        user_manage(200, other_district=200),
    ),
    Endpoint("accounts:user-detail", "get", user_url(""), user_manage(200)),
    Endpoint("accounts:user-edit", "get", user_url("edit/"), user_manage(200)),
    Endpoint("accounts:user-deactivate", "post", user_url("deactivate/"), user_manage(302)),
    Endpoint("accounts:user-reactivate", "post", user_url("reactivate/"), user_manage(302)),
    Endpoint("accounts:user-history", "get", user_url("history/"), user_manage(200)),
    # Criteria data (indicator values, evaluations): scoped, not open data; residents read the
    # public results instead (404).
    Endpoint(
        "api:post_data_value_set",
        "post",
        criteria_url("/api/v1/dataValueSets"),
        {**unit_write(200, anonymous=401), "resident": 404},
        body={
            "criteriaSet": "T-XA",
            "period": "2023",
            "orgUnit": "29479",
            "dataValues": [{"indicator": "3.1", "value": "85,2", "comment": ""}],
        },
        json_body=True,
    ),
    Endpoint(
        "api:post_data_value_set_csv",
        "post",
        criteria_url("/api/v1/dataValueSets.csv?criteriaSet=T-XA&period=2023&orgUnit=29479"),
        {**unit_write(200, anonymous=401), "resident": 404},
        raw_body=("text/csv", b'indicator,value,comment\n3.1,"85,2",\n'),
    ),
    Endpoint(
        "api:get_data_value_set",
        "get",
        criteria_url("/api/v1/dataValueSets?criteriaSet=T-XA&period=2023&orgUnit=29479"),
        {**UNIT_READ, "resident": 404},
    ),
    Endpoint(
        "api:unit_evaluation",
        "get",
        criteria_url("/api/v1/units/29479/evaluation?criteriaSet=T-XA&year=2023"),
        {**UNIT_READ, "resident": 404},
    ),
    # A district's summary: the published counts, readable by anyone (the dossiers in progress
    # only by the province and the district itself: test_results.py).
    Endpoint(
        "api:summary",
        "get",
        criteria_url("/api/v1/summary?criteriaSet=T-XA&year=2023&parent=849"),
        everyone(200),
    ),
    Endpoint(
        "api:summary",
        "get",
        criteria_url("/api/v1/summary?criteriaSet=T-XA&year=2023&parent=99999"),
        everyone(404),
    ),
]

# Apps list their own endpoints in smartrural/<app>/tests/endpoints*.py (``ENDPOINTS``).
for _path in sorted(Path(__file__).resolve().parents[2].glob("*/tests/endpoints*.py")):
    _module = importlib.import_module(f"smartrural.{_path.parent.parent.name}.tests.{_path.stem}")
    ENDPOINTS.extend(_module.ENDPOINTS)

# Django's admin is for superusers only and guarded by Django itself (tested upstream).
NOT_IN_MATRIX = {"admin"}
# Wagtail's admin (hundreds of routes) has its own matrix: portal/tests/test_editor_access.py.
NOT_IN_MATRIX_PREFIXES = {"cms/"}


def _named_routes(patterns: list[URLPattern | URLResolver], ns: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ns + (f"{pattern.namespace}:" if pattern.namespace else "")
            if pattern.namespace in NOT_IN_MATRIX or str(pattern.pattern) in NOT_IN_MATRIX_PREFIXES:
                continue
            yield from _named_routes(pattern.url_patterns, inner)
        else:
            yield ns + (pattern.name or f"<unnamed {pattern.pattern}>")


def _client(personas: Personas, persona: str) -> Client:
    return personas.client(None if persona == "anonymous" else getattr(personas, persona))


class EndpointCoverageTests:
    def test_every_url_of_the_project_is_in_the_matrix(self) -> None:
        covered = {endpoint.name for endpoint in ENDPOINTS}
        missing = sorted(set(_named_routes(get_resolver().url_patterns)) - covered)
        assert missing == [], f"endpoints without access tests: {missing}"


CASES = [
    pytest.param(endpoint, persona, id=f"{endpoint.method}-{endpoint.name}-{persona}")
    for endpoint in ENDPOINTS
    for persona in PERSONAS
]


class EndpointAccessTests:
    @pytest.mark.parametrize(("endpoint", "persona"), CASES)
    def test_status(self, personas: Personas, endpoint: Endpoint, persona: str) -> None:
        client = _client(personas, persona)
        url = endpoint.url(personas)
        response = endpoint.request(client, url)
        expected = endpoint.expect[persona]
        if expected == LOGIN:
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), response["Location"]
        else:
            assert response.status_code == expected, (
                url,
                persona,
                response.status_code,
                response.content[:300],
            )
