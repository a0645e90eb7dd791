"""Rows of the endpoint access matrix for the work records pages and the targets.

A unit's work records: anyone whose scope holds the unit reads them (Ngãi Xuyên: Kim Sơn's
officer and Càng Long's district officer get 404); writers in scope enter them, read-only roles
get 403. An upload names its units in its rows: a unit outside the uploader's scope is a row
error (422), not a missing page. Targets are read by everyone logged in and set by the province
office only (403 for the others).
"""

from __future__ import annotations

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

PAGE = "/transformation/work-records/"
CSV = "Mã đơn vị;Tháng;Tổng số hồ sơ;Xử lý trực tuyến\n29479;05/2023;100;40\n".encode()


class _Csv:
    """An e-office export the test client can send to every persona."""

    name = "export.csv"
    content_type = "text/csv"

    def read(self) -> bytes:
        return CSV


def _stat_history(p: Personas) -> str:
    import datetime as dt

    from smartrural.transformation.work_records.services import work_record_submit

    stat = work_record_submit(
        unit=p.commune_a_unit, month=dt.date(2023, 5, 1), total=100, online=40, by=p.commune_a
    )
    return f"{PAGE}{stat.pk}/history/"


def _target_history(p: Personas) -> str:
    from smartrural.transformation.models import Target
    from smartrural.transformation.work_records.targets import load_targets

    load_targets()
    target = Target.objects.get(year=2023, indicator="work_records_online", level="commune")
    return f"/transformation/targets/{target.pk}/history/"


READ_A = logged_in(200, commune_b=404, other_district=404)
WRITERS = logged_in(200, viewer_a=403, resident=403)

ENDPOINTS = [
    Endpoint("transformation:work-records", "get", lambda p: PAGE, logged_in(200)),
    Endpoint(
        "transformation:work-records", "get", lambda p: f"{PAGE}?unit=29479&year=2023", READ_A
    ),
    Endpoint(
        "transformation:work-records",
        "post",
        lambda p: f"{PAGE}?unit=29479&year=2023",
        unit_write(302),
        body={"month": "05/2023", "total": "100", "online": "40"},
    ),
    Endpoint("transformation:work-record-history", "get", _stat_history, READ_A),
    Endpoint("transformation:work-record-upload", "get", lambda p: f"{PAGE}upload/", WRITERS),
    Endpoint(
        "transformation:work-record-upload",
        "post",
        lambda p: f"{PAGE}upload/",
        {**unit_write(302), "commune_b": 422, "other_district": 422},
        body={"file": _Csv()},
    ),
    Endpoint(
        "transformation:work-record-template",
        "get",
        lambda p: f"{PAGE}template.xlsx?year=2023",
        WRITERS,
    ),
    Endpoint(
        "transformation:target-list",
        "get",
        lambda p: "/transformation/targets/?year=2023",
        logged_in(200),
    ),
    Endpoint(
        "transformation:target-set",
        "get",
        lambda p: "/transformation/targets/set/?year=2023",
        logged_in(403, province=200),
    ),
    Endpoint(
        "transformation:target-set",
        "post",
        lambda p: "/transformation/targets/set/",
        logged_in(403, province=302),
        body={
            "year": "2023",
            "indicator": "work_records_online",
            "level": "commune",
            "value": "20",
            "legal_basis": "Kế hoạch 2023",
            "version": "0",
        },
    ),
    Endpoint("transformation:target-history", "get", _target_history, logged_in(200)),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
