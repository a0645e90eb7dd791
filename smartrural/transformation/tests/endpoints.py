"""This app's API rows of the endpoint access matrix (see smartrural/testing_matrix.py).

KPIs of Trà Cú (849): the province office and Trà Cú's district officer (200). Commune officers,
viewers and residents of Trà Cú's communes get 404: the district is above their scope, and an
aggregate of units they may not see is not theirs to read (they read their own commune's KPIs
with ``parent=<their commune>``). Càng Long's district officer: 404; anonymous: 401.
"""

from __future__ import annotations

from smartrural.testing_matrix import (
    Endpoint,
    api_logged_in,
    logged_in,
    officials_pages,
    unit_write,
)

ENDPOINTS = [
    Endpoint(
        "api:post_work_records",
        "post",
        lambda p: "/api/v1/work-records",
        unit_write(201, anonymous=401),
        body={"unit": "29479", "month": "2023-05", "total": 100, "online": 40},
        json_body=True,
    ),
    Endpoint(
        "api:get_kpis",
        "get",
        lambda p: "/api/v1/transformation/kpis?year=2023&parent=849",
        api_logged_in(404, province=200, district=200),
    ),
]

# The dashboard and its report: everyone logged in has one (their own units); Trà Cú's (849)
# is the province's and the district's, 404 for everyone else.
DISTRICT = "?unit=849&year=2023"
DISTRICT_ONLY = logged_in(404, province=200, district=200)
ENDPOINTS += [
    Endpoint("transformation:dashboard", "get", lambda p: "/transformation/", logged_in(200)),
    Endpoint(
        "transformation:dashboard", "get", lambda p: f"/transformation/{DISTRICT}", DISTRICT_ONLY
    ),
    Endpoint(
        "transformation:report-xlsx",
        "get",
        lambda p: f"/transformation/report.xlsx{DISTRICT}",
        DISTRICT_ONLY,
    ),
    Endpoint(
        "transformation:report-pdf",
        "get",
        lambda p: f"/transformation/report.pdf{DISTRICT}",
        DISTRICT_ONLY,
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
