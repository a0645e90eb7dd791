"""Endpoint matrix rows of the loudspeaker bulletins and CAP pages (/outreach/work/bulletins/,
/outreach/work/cap/), on a bulletin of commune A (Ngãi Xuyên) with a station there.

Reading a bulletin (its page, audio, CAP file, history): officers whose scope holds commune A,
the read-only viewer too; Kim Sơn's officer and Càng Long's district officer 404. Changing,
publishing, withdrawing: writers of commune A (302), the viewer 403, other units 404. The lists
and the pages that make something new answer every official (each sees and issues for their own
units); a form posted empty is 422 for writers, 403 for the viewer. Residents 404 everywhere
(officials' area), anonymous visitors go to the login page.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

WRITERS_NEW = logged_in(200, viewer_a=403)
READ = logged_in(200, commune_b=404, other_district=404)


def _bulletin_url(suffix: str, *, emergency: bool = False) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from ..models import Priority
        from . import bulletin_factories as f

        f.station(p.commune_a_unit)
        if emergency:
            bulletin = f.published(p.commune_a_unit, p.commune_a, priority=Priority.EMERGENCY)
        else:
            bulletin = f.recorded(p.commune_a_unit, p.commune_a, seconds=0.5)
        return f"/outreach/work/bulletins/{bulletin.pk}/{suffix}"

    return build


@dataclasses.dataclass(frozen=True)
class PublishEndpoint(Endpoint):
    """Publishing the bulletin of the URL to its own unit (a zone holding the station)."""

    def request(self, client: Client, url: str) -> Any:
        from ..models import Bulletin

        bulletin = Bulletin.objects.get(pk=int(re.findall(r"/(\d+)/", url)[0]))
        return client.post(url, data={"version": bulletin.version, "zones": [bulletin.unit_id]})


EDIT: dict[str, object] = {
    "title": "Lịch tiêm chủng mới",
    "text": "",
    "priority": "0",
    "plays_from": "01/01/2026 08:00",
    "expires_at": "31/12/2099 08:00",
    "version": "1",
}

ENDPOINTS = officials_pages(
    [
        Endpoint(
            "outreach:bulletin-list", "get", lambda p: "/outreach/work/bulletins/", logged_in(200)
        ),
        Endpoint(
            "outreach:bulletin-create-text",
            "get",
            lambda p: "/outreach/work/bulletins/new/text/",
            WRITERS_NEW,
        ),
        Endpoint(
            "outreach:bulletin-create-text",
            "post",
            lambda p: "/outreach/work/bulletins/new/text/",
            logged_in(422, viewer_a=403),
            body={"title": ""},
        ),
        Endpoint(
            "outreach:bulletin-create-upload",
            "get",
            lambda p: "/outreach/work/bulletins/new/upload/",
            WRITERS_NEW,
        ),
        Endpoint(
            "outreach:bulletin-create-upload",
            "post",
            lambda p: "/outreach/work/bulletins/new/upload/",
            logged_in(422, viewer_a=403),
            body={"title": ""},
        ),
        Endpoint("outreach:bulletin-detail", "get", _bulletin_url(""), READ),
        Endpoint("outreach:bulletin-edit", "get", _bulletin_url("edit/"), unit_write(200)),
        Endpoint(
            "outreach:bulletin-edit", "post", _bulletin_url("edit/"), unit_write(302), body=EDIT
        ),
        PublishEndpoint(
            "outreach:bulletin-publish", "post", _bulletin_url("publish/"), unit_write(302)
        ),
        Endpoint("outreach:bulletin-publish", "get", _bulletin_url("publish/"), logged_in(405)),
        Endpoint(
            "outreach:bulletin-withdraw",
            "post",
            _bulletin_url("withdraw/"),
            unit_write(302),
            body={"version": "1"},
        ),
        Endpoint("outreach:bulletin-audio", "get", _bulletin_url("audio.mp3"), READ),
        Endpoint("outreach:bulletin-cap", "get", _bulletin_url("cap.xml", emergency=True), READ),
        Endpoint("outreach:bulletin-history", "get", _bulletin_url("history/"), READ),
        Endpoint("outreach:cap-list", "get", lambda p: "/outreach/work/cap/", logged_in(200)),
        Endpoint("outreach:cap-import", "get", lambda p: "/outreach/work/cap/import/", WRITERS_NEW),
        Endpoint(
            "outreach:cap-import",
            "post",
            lambda p: "/outreach/work/cap/import/",
            logged_in(422, viewer_a=403),
            body={"direct": "on"},
        ),
        Endpoint(
            "outreach:cap-confirm",
            "post",
            lambda p: "/outreach/work/cap/import/confirm/",
            logged_in(422, viewer_a=403),
            body={"xml": ""},
        ),
    ]
)
