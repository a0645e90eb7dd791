"""Campaign pages' rows of the endpoint access matrix (smartrural/testing_matrix.py).

The data, made on first use in each test: a draft campaign of Ngãi Xuyên (commune A) to Ấp Chợ
as of 01/06/2023 with commune A's template; for approval, a province-wide campaign written by a
second province officer and awaiting approval (only the province office sees it: 404 for the
others, as it is no campaign of their units).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

BASE = "/outreach/work/campaigns/"


def _draft(p: Personas) -> int:
    from smartrural.outreach.models import Campaign

    from .campaign_factories import campaign

    existing = Campaign.objects.filter(unit=p.commune_a_unit, status="draft").first()
    return (existing or campaign(p)).pk


def _awaiting(p: Personas) -> int:
    from smartrural.outreach.models import Campaign
    from smartrural.outreach.services.campaigns import campaign_submit

    from . import factories
    from .campaign_factories import campaign, second_province_officer

    existing = Campaign.objects.filter(status="awaiting_approval").first()
    if existing is not None:
        return existing.pk
    author = second_province_officer()
    made = campaign(
        p,
        unit=p.province_unit,
        user=author,
        template=factories.template(p.province_unit),
        audience_units=[p.province_unit],
    )
    return campaign_submit(campaign=made, version=made.version, user=author).pk


def draft_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"{BASE}{_draft(p)}/{suffix}"


def _create_url(p: Personas) -> str:
    from .campaign_factories import commune_template

    template = commune_template(p)
    return f"{BASE}new/?unit={p.commune_a_unit.pk}&t={template.pk}&h={p.hamlet_a_unit.pk}"


def body(template: Any, hamlet: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Lịch tiêm chủng tháng 6",
        "template": str(template),
        "values": "xa = Xã Ngãi Xuyên\nnoi_dung = Tiêm chủng ngày 10/06 tại trạm y tế.",
        "audience_as_of": "01/06/2023",
        "audience_units": [str(hamlet)],
        "topics": ["ntm"],
        "channels": ["sms", "email"],
        "send_at": "",
        **extra,
    }


class _CreateEndpoint(Endpoint):
    """The create form's POST names commune A, its template and Ấp Chợ by their ids."""

    def request(self, client: Client, url: str) -> Any:
        query = dict(part.split("=") for part in url.split("?", 1)[1].split("&"))
        return client.post(url, data=body(query["t"], query["h"], unit=query["unit"]))


class _EditEndpoint(Endpoint):
    def request(self, client: Client, url: str) -> Any:
        from smartrural.outreach.models import Campaign

        campaign = Campaign.objects.get(pk=int(url.rstrip("/").split("/")[-2]))
        hamlet = campaign.audience_units.get()
        data = body(campaign.template_id, hamlet.pk, version=str(campaign.version))
        return client.post(url, data=data)


READ = logged_in(200, commune_b=404, other_district=404)
WRITE_FORM = logged_in(200, viewer_a=403, resident=403)
# Commune A is no choice of Kim Sơn's or Càng Long's officer: the form again (422).
CREATE = {**unit_write(302), "commune_b": 422, "other_district": 422}
# Only the province office sees a province-wide campaign; its approver is not its author.
APPROVE = logged_in(404, province=302)

ENDPOINTS: list[Endpoint] = [
    Endpoint("outreach:campaign-list", "get", lambda p: BASE, logged_in(200)),
    Endpoint(
        "outreach:campaign-list", "get", lambda p: f"{BASE}?status=draft&q=điện", logged_in(200)
    ),
    Endpoint("outreach:campaign-create", "get", lambda p: f"{BASE}new/", WRITE_FORM),
    # The audience picker's fetch: the lists as of a date (same gates as the form).
    Endpoint(
        "outreach:campaign-create",
        "get",
        lambda p: f"{BASE}new/?part=audience&as_of=01/06/2023",
        WRITE_FORM,
    ),
    _CreateEndpoint("outreach:campaign-create", "post", _create_url, CREATE),
    Endpoint("outreach:campaign-detail", "get", draft_url(), READ),
    Endpoint("outreach:campaign-preview", "get", draft_url("preview/"), READ),
    Endpoint("outreach:campaign-history", "get", draft_url("history/"), READ),
    Endpoint("outreach:campaign-edit", "get", draft_url("edit/"), unit_write(200)),
    Endpoint(
        "outreach:campaign-edit",
        "get",
        draft_url("edit/?part=audience&as_of=01/06/2023"),
        unit_write(200),
    ),
    _EditEndpoint("outreach:campaign-edit", "post", draft_url("edit/"), unit_write(302)),
    Endpoint("outreach:campaign-submit", "post", draft_url("submit/"), unit_write(302)),
    Endpoint("outreach:campaign-cancel", "post", draft_url("cancel/"), unit_write(302)),
    Endpoint(
        "outreach:campaign-approve",
        "post",
        lambda p: f"{BASE}{_awaiting(p)}/approve/",
        APPROVE,
    ),
]

# Every page here is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
