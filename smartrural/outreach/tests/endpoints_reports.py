"""Endpoint matrix rows of the outreach report: every official reads the report of their own
units (200); filtered on Ngãi Xuyên's (commune A) campaign or station, Kim Sơn's officer and
Càng Long's district get 404, the read-only viewer reads (200); residents 404 (officials' area),
anonymous → login."""

from __future__ import annotations

from collections.abc import Callable

from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, Endpoint, logged_in

from .reports_support import campaign, station

URL = "/outreach/work/reports/"

EVERY_OFFICIAL: dict[str, int | str] = logged_in(200, resident=404)
READ_A: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 200,
    "district": 200,
    "commune_a": 200,
    "viewer_a": 200,
    "commune_b": 404,
    "other_district": 404,
    "resident": 404,
}


def of_campaign(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"{URL}{suffix}?campaign={campaign(p.commune_a_unit).pk}"


def of_station(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"{URL}{suffix}?station={station(p.commune_a_unit).pk}"


ENDPOINTS: list[Endpoint] = [
    Endpoint("outreach:report", "get", lambda p: URL, EVERY_OFFICIAL),
    Endpoint(
        "outreach:report",
        "get",
        lambda p: f"{URL}?since=01/06/2023&until=30/06/2023",
        EVERY_OFFICIAL,
    ),
    Endpoint("outreach:report", "get", of_campaign(), READ_A),
    Endpoint("outreach:report", "get", of_station(), READ_A),
    Endpoint("outreach:report-xlsx", "get", lambda p: f"{URL}report.xlsx", EVERY_OFFICIAL),
    Endpoint("outreach:report-xlsx", "get", of_campaign("report.xlsx"), READ_A),
    Endpoint("outreach:report-pdf", "get", lambda p: f"{URL}report.pdf", EVERY_OFFICIAL),
    Endpoint("outreach:report-pdf", "get", of_station("report.pdf"), READ_A),
]
