"""Endpoint matrix rows of the consultations: the public pages (everyone reads; an opinion
posted in the period is taken, after it 400, a GET of the form's address 405) and the officers'
pages under /surveys/work/consultations/ for commune A's consultation on its self-assessment:
its officer, district and the province act, the viewer reads (403 to act), commune B and the
other district get 404, residents 404 (officials' area), anonymous → login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smartrural.core.dates import today
from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, Endpoint, everyone, logged_in, unit_write

from .consultation_factories import open_consultation, opinion, self_assessed_dossier

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
# Opening a consultation on another subject: every writer may, for the units of their scope.
WRITERS = logged_in(200, viewer_a=403, resident=404)


def act(ok: int) -> dict[str, int | str]:
    return {**unit_write(ok), "resident": 404}


def _closed(p: Personas) -> str:
    day = today()
    consultation = open_consultation(
        p, opens_on=day - dt.timedelta(days=9), closes_on=day - dt.timedelta(days=1)
    )
    return f"/khao-sat/y-kien/{consultation.pk}/gop-y/"


def public(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/khao-sat/y-kien/{open_consultation(p).pk}/{suffix}"


def work(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/surveys/work/consultations/{open_consultation(p).pk}/{suffix}"


def on_opinion(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: (
        f"/surveys/work/consultations/opinions/{opinion(open_consultation(p)).pk}/{suffix}"
    )


def new_on_dossier(p: Personas) -> str:
    return f"/surveys/work/consultations/new/?dossier={self_assessed_dossier(p).pk}"


def _period() -> dict[str, object]:
    day = today()
    return {"opens_on": day.isoformat(), "closes_on": (day + dt.timedelta(days=9)).isoformat()}


NEW = {"title": "Lấy ý kiến tự đánh giá", "summary": "", **_period()}

ENDPOINTS: list[Endpoint] = [
    # Public pages.
    Endpoint(
        "surveys_public:consultation-list", "get", lambda p: "/khao-sat/y-kien/", everyone(200)
    ),
    Endpoint(
        "surveys_public:consultation-list",
        "get",
        lambda p: (open_consultation(p), "/khao-sat/y-kien/?commune=29479&page=2")[1],
        everyone(200),
    ),
    Endpoint("surveys_public:consultation", "get", public(), everyone(200)),
    Endpoint(
        "surveys_public:consultation", "get", lambda p: "/khao-sat/y-kien/99999/", everyone(404)
    ),
    Endpoint(
        "surveys_public:consultation-opinion",
        "post",
        public("gop-y/"),
        everyone(302),
        {"stance": "agree", "text": "", "name": "", "phone": ""},
    ),
    Endpoint("surveys_public:consultation-opinion", "get", public("gop-y/"), everyone(405)),
    Endpoint(
        "surveys_public:consultation-opinion",
        "post",
        _closed,
        everyone(400),
        {"stance": "agree"},
    ),
    # Officers' pages.
    Endpoint(
        "surveys:consultation-list",
        "get",
        lambda p: "/surveys/work/consultations/",
        logged_in(200, resident=404),
    ),
    Endpoint(
        "surveys:consultation-create", "get", lambda p: "/surveys/work/consultations/new/", WRITERS
    ),
    Endpoint("surveys:consultation-create", "get", new_on_dossier, act(200)),
    Endpoint("surveys:consultation-create", "post", new_on_dossier, act(302), NEW),
    Endpoint("surveys:consultation-detail", "get", work(), READ),
    Endpoint("surveys:consultation-history", "get", work("history/"), READ),
    Endpoint("surveys:consultation-edit", "get", work("edit/"), act(200)),
    Endpoint(
        "surveys:consultation-edit",
        "post",
        work("edit/"),
        act(302),
        {**NEW, "title": "Tên mới", "version": "1"},
    ),
    Endpoint("surveys:consultation-opinion", "get", on_opinion(), READ),
    Endpoint("surveys:consultation-opinion-history", "get", on_opinion("history/"), READ),
    Endpoint(
        "surveys:consultation-opinion-publish",
        "post",
        on_opinion("publish/"),
        act(302),
        {"publish-version": "1"},
    ),
    Endpoint(
        "surveys:consultation-opinion-reject",
        "post",
        on_opinion("reject/"),
        act(302),
        {"reject-version": "1", "reject-reason": "Trùng lặp."},
    ),
    Endpoint(
        "surveys:consultation-opinion-answer",
        "post",
        on_opinion("answer/"),
        act(302),
        {"answer-version": "1", "answer-answer": "UBND xã ghi nhận."},
    ),
]
