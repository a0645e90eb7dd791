"""This app's rows of the endpoint access matrix (see smartrural/testing_matrix.py)."""

from __future__ import annotations

from smartrural.criteria.tests.endpoints import criteria_url
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages

# A district's dashboard (Trà Cú, 849): the province and the district itself; others 404.
DISTRICT_ONLY = logged_in(404, province=200, district=200)
DISTRICT = "?unit=849&year=2023"

ENDPOINTS: list[Endpoint] = [
    # Everyone logged in has a dashboard of their own units (or is told they have none).
    Endpoint("reports:dashboard", "get", lambda p: "/dashboard/", logged_in(200)),
    Endpoint("reports:dashboard", "get", lambda p: f"/dashboard/{DISTRICT}", DISTRICT_ONLY),
    Endpoint(
        "reports:dashboard-xlsx",
        "get",
        lambda p: f"/dashboard/export.xlsx{DISTRICT}",
        DISTRICT_ONLY,
    ),
    Endpoint(
        "reports:dashboard-pdf", "get", lambda p: f"/dashboard/export.pdf{DISTRICT}", DISTRICT_ONLY
    ),
    # One commune's evaluation: anyone whose scope holds Ngãi Xuyên.
    Endpoint(
        "reports:unit-evaluation",
        "get",
        criteria_url("/dashboard/unit/29479/T-XA/2023/"),
        logged_in(200, commune_b=404, other_district=404),
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
