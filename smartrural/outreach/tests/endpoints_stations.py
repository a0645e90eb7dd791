"""Commune radio pages in the endpoint access matrix (see smartrural/testing_matrix.py).

A station of Ngãi Xuyên (commune A) with one cluster. Reads: officers whose scope holds
commune A; writes: ``unit_write``; a new station naming commune A sent by a writer outside it
(Kim Sơn's officer, Càng Long's district officer) is a form error (422). Creating a cluster and
issuing a new token answer 200: the page that shows the token once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

BASE = "/outreach/work"


class _LazyBody(dict[str, object]):
    """A POST body built when the request is encoded, after the URL created the data."""

    def __init__(self, build: Callable[[], dict[str, object]]) -> None:
        super().__init__(lazy=True)
        self.build = build

    def items(self) -> Any:
        return self.build().items()


def _station(p: Personas) -> int:
    from smartrural.outreach.models import Station
    from smartrural.outreach.services.stations import cluster_create, station_create

    found = Station.objects.filter(unit=p.commune_a_unit).first()
    if found is not None:
        return found.pk
    station = station_create(unit=p.commune_a_unit, name="Đài truyền thanh Ngãi Xuyên", by=None)
    cluster_create(station=station, name="Cụm loa ấp Chợ", hamlet=p.hamlet_a_unit, by=None)
    return station.pk


def _cluster(p: Personas) -> int:
    from smartrural.outreach.models import Cluster

    _station(p)
    cluster = Cluster.objects.get(station__unit=p.commune_a_unit)
    return cluster.pk


def station_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"{BASE}/stations/{_station(p)}/{suffix}"


def cluster_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"{BASE}/clusters/{_cluster(p)}/{suffix}"


def _commune_a_body() -> dict[str, object]:
    from smartrural.geo.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.get(code="29479")
    return {"unit": str(commune.pk), "name": "Đài truyền thanh mới", "active": "on"}


READ = logged_in(200, commune_b=404, other_district=404)
OPEN_FORM = logged_in(200, viewer_a=403)
COMMUNE_WRITE = {**unit_write(302), "commune_b": 422, "other_district": 422}

ENDPOINTS = officials_pages(
    [
        Endpoint("outreach:station-list", "get", lambda p: f"{BASE}/stations/", logged_in(200)),
        Endpoint("outreach:station-create", "get", lambda p: f"{BASE}/stations/add/", OPEN_FORM),
        Endpoint(
            "outreach:station-create",
            "post",
            lambda p: f"{BASE}/stations/add/",
            COMMUNE_WRITE,
            body=_LazyBody(_commune_a_body),
        ),
        Endpoint("outreach:station-detail", "get", station_url(), READ),
        Endpoint("outreach:station-edit", "get", station_url("edit/"), unit_write(200)),
        Endpoint(
            "outreach:station-edit",
            "post",
            station_url("edit/"),
            unit_write(302),
            body={"name": "Đài Ngãi Xuyên", "active": "on", "version": "1"},
        ),
        Endpoint("outreach:station-history", "get", station_url("history/"), READ),
        Endpoint("outreach:station-programme", "get", station_url("programme/"), READ),
        Endpoint(
            "outreach:station-programme", "get", station_url("programme/?day=01/12/2026"), READ
        ),
        Endpoint("outreach:station-plays", "get", station_url("plays/"), READ),
        Endpoint("outreach:cluster-create", "get", station_url("clusters/add/"), unit_write(200)),
        Endpoint(
            "outreach:cluster-create",
            "post",
            station_url("clusters/add/"),
            unit_write(200),
            body={"name": "Cụm loa ấp Giồng", "speakers": "2"},
        ),
        Endpoint("outreach:cluster-edit", "get", cluster_url("edit/"), unit_write(200)),
        Endpoint(
            "outreach:cluster-edit",
            "post",
            cluster_url("edit/"),
            unit_write(302),
            body={"name": "Cụm loa ấp Chợ", "speakers": "3", "active": "on", "version": "1"},
        ),
        Endpoint("outreach:cluster-history", "get", cluster_url("history/"), READ),
        Endpoint(
            "outreach:cluster-token-rotate",
            "post",
            cluster_url("rotate/"),
            unit_write(200),
            body={"version": "1"},
        ),
        Endpoint(
            "outreach:cluster-token-revoke",
            "post",
            cluster_url("revoke/"),
            unit_write(302),
            body={"version": "1"},
        ),
    ]
)
