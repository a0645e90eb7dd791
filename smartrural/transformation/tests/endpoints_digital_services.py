"""Essential digital service rows of the endpoint access matrix (smartrural/testing_matrix.py).

The data: the standard catalogue, and Ngãi Xuyên (commune A) offering online public services
since 01/03/2023 with a PDF as evidence, made on first use in each test. The catalogue is read by
everyone logged in and changed by the province office only (403 for everyone else).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.base import ContentFile

from smartrural.testing import Personas
from smartrural.testing_matrix import (
    LOGIN,
    Endpoint,
    everyone,
    logged_in,
    officials_pages,
    unit_write,
)

PDF = b"%PDF-1.4\n%matrix\n"


def _catalogue(path: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from smartrural.transformation.digital_services.services import load_catalogue

        load_catalogue()
        return path

    return build


def _offering(p: Personas) -> int:
    from smartrural.transformation.digital_services.services import (
        load_catalogue,
        offering_create,
    )
    from smartrural.transformation.models import DigitalService, ServiceOffering

    found = ServiceOffering.objects.filter(unit=p.commune_a_unit).first()
    if found is not None:
        return found.pk
    load_catalogue()
    offering = offering_create(
        unit_code=p.commune_a_unit.code,
        service=DigitalService.objects.get(code="online-public-services"),
        since=dt.date(2023, 3, 1),
        evidence=ContentFile(PDF, name="quyet-dinh.pdf"),
        by=p.province,
    )
    return offering.pk


def offering_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/transformation/services/{_offering(p)}/{suffix}"


def service_url(suffix: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from smartrural.transformation.digital_services.services import load_catalogue
        from smartrural.transformation.models import DigitalService

        load_catalogue()
        service = DigitalService.objects.get(code="telemedicine")
        return f"/transformation/services/catalogue/{service.pk}/{suffix}"

    return build


READ = logged_in(200, commune_b=404, other_district=404)
WRITE_FORM = logged_in(200, viewer_a=403, resident=403)
# A unit code outside the user's scope is a form error, not a page error.
CREATE = {**unit_write(302), "commune_b": 422, "other_district": 422}


def province_only(ok: int) -> dict[str, int | str]:
    return everyone(403, anonymous=LOGIN, province=ok)


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "transformation:offering-list", "get", lambda p: "/transformation/services/", logged_in(200)
    ),
    Endpoint(
        "transformation:offering-create",
        "get",
        _catalogue("/transformation/services/new/"),
        WRITE_FORM,
    ),
    Endpoint(
        "transformation:offering-create",
        "post",
        _catalogue("/transformation/services/new/"),
        CREATE,
        body={"unit": "29479", "service": "cashless-payment", "since": "01/03/2023"},
    ),
    Endpoint("transformation:offering-detail", "get", offering_url(), READ),
    Endpoint("transformation:offering-history", "get", offering_url("history/"), READ),
    Endpoint("transformation:offering-evidence", "get", offering_url("evidence/"), READ),
    Endpoint("transformation:offering-edit", "get", offering_url("edit/"), unit_write(200)),
    Endpoint(
        "transformation:offering-edit",
        "post",
        offering_url("edit/"),
        unit_write(302),
        body={
            "unit": "29479",
            "service": "online-public-services",
            "since": "01/02/2023",
            "note": "Một cửa điện tử",
            "version": "1",
        },
    ),
    Endpoint(
        "transformation:offering-end",
        "post",
        offering_url("end/"),
        unit_write(302),
        body={"until": "31/12/2024", "version": "1"},
    ),
    Endpoint(
        "transformation:service-catalogue",
        "get",
        _catalogue("/transformation/services/catalogue/"),
        logged_in(200),
    ),
    Endpoint(
        "transformation:service-create",
        "get",
        lambda p: "/transformation/services/catalogue/new/",
        province_only(200),
    ),
    Endpoint(
        "transformation:service-create",
        "post",
        lambda p: "/transformation/services/catalogue/new/",
        province_only(302),
        body={
            "code": "smart-parking",
            "name": "Bãi đỗ xe thông minh",
            "category": "society",
            "order": "200",
        },
    ),
    Endpoint(
        "transformation:service-catalogue-load",
        "post",
        lambda p: "/transformation/services/catalogue/load/",
        province_only(302),
    ),
    Endpoint("transformation:service-edit", "get", service_url("edit/"), province_only(200)),
    Endpoint(
        "transformation:service-edit",
        "post",
        service_url("edit/"),
        province_only(302),
        body={
            "name": "Khám, chữa bệnh từ xa",
            "category": "society",
            "order": "90",
            "version": "1",
        },
    ),
    Endpoint(
        "transformation:service-deactivate", "post", service_url("deactivate/"), province_only(302)
    ),
    Endpoint(
        "transformation:service-reactivate", "post", service_url("reactivate/"), province_only(302)
    ),
    Endpoint("transformation:service-history", "get", service_url("history/"), logged_in(200)),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
