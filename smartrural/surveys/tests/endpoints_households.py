"""Households and samples rows of the endpoint access matrix (see smartrural/testing_matrix.py).

The data hang off Ngãi Xuyên (commune A): a household of its hamlet Ấp Chợ, and an open survey
of the commune with its sample drawn from three households. Writes follow ``unit_write``; a form
or file naming commune A's hamlet sent by a writer outside it (Kim Sơn's officer, Càng Long's
district officer) is a form error (422), not a missing page. The codes (sample sheets) are for
writers: the read-only viewer gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

CSV = "Mã ấp;Số hộ;Chủ hộ;Địa chỉ\n2947901;99;Trần Thị Mai;Tổ 1\n"
HAMLET_CODE = "2947901"


class _Upload:
    """A file the test client can send to every persona (read() never runs dry)."""

    def __init__(self, name: str, content: bytes, content_type: str) -> None:
        self.name, self.content, self.content_type = name, content, content_type

    def read(self) -> bytes:
        return self.content


class _LazyBody(dict[str, object]):
    """A POST body built when the request is encoded, after the URL created the data."""

    def __init__(self, build: Callable[[], dict[str, object]]) -> None:
        super().__init__(lazy=True)
        self.build = build

    def items(self) -> Any:
        return self.build().items()


def _household(p: Personas) -> int:
    from smartrural.surveys.models import Household
    from smartrural.surveys.services.households import household_create

    found = Household.objects.filter(hamlet=p.hamlet_a_unit, number="1").first()
    if found is not None:
        return found.pk
    return household_create(
        hamlet=p.hamlet_a_unit, number="1", head_name="Nguyễn Văn An", by=None
    ).pk


def _survey(p: Personas) -> int:
    from smartrural.surveys.models import Survey
    from smartrural.surveys.tests.factories import households, open_survey

    found = Survey.objects.filter(unit=p.commune_a_unit).first()
    if found is not None:
        return found.pk
    households(p.hamlet_a_unit, 3, start=10)
    return open_survey(p.commune_a_unit, share=Decimal(100)).pk


def _hamlet_body() -> dict[str, object]:
    from smartrural.geo.models import AdministrativeUnit

    hamlet = AdministrativeUnit.objects.get(code=HAMLET_CODE)
    return {"hamlet": str(hamlet.pk), "number": "77", "head_name": "Lê Thị Bình", "address": ""}


def household_url(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/surveys/work/households/{_household(p)}/{suffix}"


def sample_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/surveys/work/{_survey(p)}/sample/{suffix}"


def sheets_url(p: Personas) -> str:
    return f"/surveys/work/{_survey(p)}/sample/sheets/?hamlet={p.hamlet_a_unit.pk}"


READ = logged_in(200, commune_b=404, other_district=404)
OPEN_FORM = logged_in(200, viewer_a=403)
# A form naming commune A's hamlet: writers outside it get the form back with the error.
HAMLET_WRITE = {**unit_write(302), "commune_b": 422, "other_district": 422}

ENDPOINTS = officials_pages(
    [
        Endpoint(
            "surveys:household-list", "get", lambda p: "/surveys/work/households/", logged_in(200)
        ),
        Endpoint(
            "surveys:household-list",
            "get",
            lambda p: (
                f"/surveys/work/households/?q=an&hamlet={p.hamlet_a_unit.pk}&as_of=01/06/2023"
            ),
            logged_in(200),
        ),
        Endpoint(
            "surveys:household-create", "get", lambda p: "/surveys/work/households/add/", OPEN_FORM
        ),
        Endpoint(
            "surveys:household-create",
            "post",
            lambda p: "/surveys/work/households/add/",
            HAMLET_WRITE,
            body=_LazyBody(_hamlet_body),
        ),
        Endpoint(
            "surveys:household-import",
            "get",
            lambda p: "/surveys/work/households/import/",
            OPEN_FORM,
        ),
        Endpoint(
            "surveys:household-import",
            "post",
            lambda p: "/surveys/work/households/import/",
            HAMLET_WRITE,
            body={
                "as_of": "01/06/2023",
                "file": _Upload("ho.csv", CSV.encode("utf-8-sig"), "text/csv"),
            },
        ),
        Endpoint(
            "surveys:household-import-template",
            "get",
            lambda p: "/surveys/work/households/import/template.xlsx",
            OPEN_FORM,
        ),
        Endpoint("surveys:household-edit", "get", household_url("edit/"), unit_write(200)),
        Endpoint(
            "surveys:household-edit",
            "post",
            household_url("edit/"),
            unit_write(302),
            body={"number": "1", "head_name": "Nguyễn Văn Ân", "address": "", "version": "1"},
        ),
        Endpoint(
            "surveys:household-active",
            "post",
            household_url("active/"),
            unit_write(302),
            body={"active": "0", "version": "1"},
        ),
        Endpoint("surveys:household-history", "get", household_url("history/"), READ),
        Endpoint("surveys:sample", "get", sample_url(), READ),
        Endpoint("surveys:sample-draw", "post", sample_url("draw/"), unit_write(302)),
        Endpoint(
            "surveys:sample-sheets",
            "get",
            sheets_url,
            logged_in(200, viewer_a=403, commune_b=404, other_district=404),
        ),
        Endpoint(
            "surveys:sample-sheets",
            "get",
            sample_url("sheets/"),
            logged_in(200, viewer_a=403, commune_b=404, other_district=404),
        ),
    ]
)
