"""Endpoint matrix rows of the plan: its page and comment address (public: everyone; a draft
open today takes the comment, an approved plan refuses it with 400, a GET is 405), and the
officers' comment pages under /portal/work/ for a comment on Ngãi Xuyên's plan (commune A): its
officer, district and the province act, the viewer reads (403 to act), commune B and the other
district get 404, residents 404 (officials' area), anonymous → login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smartrural.core.dates import today
from smartrural.portal.models import PlanPage, PlanStatus
from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, Endpoint, everyone, logged_in, unit_write

from .factories import build_portals, open_plan, publish_plan, send_comment, url_of

# Reading a comment: officials whose scope holds commune A.
READ: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 200,
    "district": 200,
    "commune_a": 200,
    "viewer_a": 200,
    "commune_b": 404,
    "other_district": 404,
    "resident": 404,
}


def act(ok: int) -> dict[str, int | str]:
    return {**unit_write(ok), "resident": 404}


def _open_plan(p: Personas) -> PlanPage:
    """Ngãi Xuyên's draft plan, taking comments from yesterday to tomorrow (the matrix runs
    at today's date)."""
    day = today()
    return open_plan(
        build_portals(p)["29479"],
        opens=day - dt.timedelta(days=1),
        until=day + dt.timedelta(days=1),
    )


def _approved_plan(p: Personas) -> PlanPage:
    return publish_plan(
        build_portals(p)["29479"],
        status=PlanStatus.APPROVED,
        decision_number="1234/QĐ-UBND",
        decision_date=dt.date(2023, 5, 20),
    )


def plan_url(build: Callable[[Personas], PlanPage], suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: url_of(build(p)) + suffix


def comment_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/portal/work/comments/{send_comment(_open_plan(p)).pk}/{suffix}"


COMMENT: dict[str, object] = {
    "name": "Thạch Sô Phên",
    "hamlet": "Ấp Chợ",
    "text": "Đề nghị mở rộng đường ra ấp Chợ.",
    "phone": "",
}

ENDPOINTS: list[Endpoint] = [
    Endpoint("wagtail_serve", "get", plan_url(_open_plan), everyone(200)),
    Endpoint("wagtail_serve", "post", plan_url(_open_plan, "gop-y/"), everyone(302), COMMENT),
    Endpoint("wagtail_serve", "get", plan_url(_open_plan, "gop-y/"), everyone(405)),
    Endpoint("wagtail_serve", "get", plan_url(_approved_plan), everyone(200)),
    Endpoint("wagtail_serve", "post", plan_url(_approved_plan, "gop-y/"), everyone(400), COMMENT),
    Endpoint(
        "portal-work:comments", "get", lambda p: "/portal/work/", logged_in(200, resident=404)
    ),
    Endpoint(
        "portal-work:comments",
        "get",
        lambda p: "/portal/work/?status=pending&page=2",
        logged_in(200, resident=404),
    ),
    Endpoint("portal-work:comment", "get", comment_url(), READ),
    Endpoint("portal-work:comment-history", "get", comment_url("history/"), READ),
    Endpoint(
        "portal-work:comment-publish",
        "post",
        comment_url("publish/"),
        act(302),
        {"publish-version": "1"},
    ),
    Endpoint(
        "portal-work:comment-reject",
        "post",
        comment_url("reject/"),
        act(302),
        {"reject-version": "1", "reject-reason": "Trùng với góp ý đã đăng."},
    ),
    Endpoint(
        "portal-work:comment-answer",
        "post",
        comment_url("answer/"),
        act(302),
        {"answer-version": "1", "answer-answer": "UBND xã ghi nhận góp ý."},
    ),
]
