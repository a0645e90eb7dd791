"""Portals for tests: the persona units' portals (synced as of 2023, when they were valid) and
news written through Wagtail's own revision API, as an editor would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wagtail.models import Page

from smartrural.portal.models import (
    NewsCategory,
    NewsIndex,
    NewsPage,
    PlanComment,
    PlanPage,
    PlanStatus,
    PortalHome,
)
from smartrural.portal.services import portal_sync_units
from smartrural.testing import IN_2023, Personas

# The comment period of the tests' draft plan: 01/06/2023 (``IN_2023``) to 30/06/2023.
CLOSES = dt.date(2023, 6, 30)


def build_portals(p: Personas | None = None) -> dict[str, PortalHome]:
    """The province's and the persona communes' portals, by unit code."""
    portal_sync_units(as_of=IN_2023)
    return {home.unit.code: home for home in PortalHome.objects.select_related("unit")}


def news_index(home: PortalHome) -> NewsIndex:
    return NewsIndex.objects.child_of(home).get()


def publish_news(
    home: PortalHome,
    title: str = "Lễ công nhận xã đạt chuẩn nông thôn mới",
    *,
    date: dt.date = IN_2023,
    important: bool = False,
    body: str = "<p>Sáng nay, UBND xã tổ chức lễ công bố.</p>",
    live: bool = True,
    category: str = "tin-tuc",
) -> NewsPage:
    index = news_index(home)
    page = NewsPage(
        title=title,
        date=date,
        important=important,
        body=body,
        intro="Tin vắn.",
        category=NewsCategory.objects.get(slug=category),
        live=False,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def url_of(page: Page) -> str:
    return page.get_url() or ""


def plan_of(home: PortalHome) -> PlanPage:
    """The portal's plan page (a default section: the sync created it)."""
    return PlanPage.objects.child_of(home).get()


def publish_plan(home: PortalHome, **fields: Any) -> PlanPage:
    """The portal's plan with ``fields`` set, published through a revision as an editor would
    (the page's checks run: ``ValidationError`` for a wrong value)."""
    page = plan_of(home)
    fields.setdefault("body", "<p>Quy hoạch chung xây dựng xã giai đoạn 2021–2030.</p>")
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def open_plan(
    home: PortalHome, *, opens: dt.date = IN_2023, until: dt.date = CLOSES, **fields: Any
) -> PlanPage:
    """A draft plan taking comments from ``opens`` to ``until`` (both included)."""
    return publish_plan(
        home,
        status=PlanStatus.DRAFT,
        comments_open_from=opens,
        comments_open_until=until,
        **fields,
    )


def send_comment(
    plan: PlanPage, *, text: str = "Đề nghị mở rộng đường ra ấp Chợ.", **over: Any
) -> PlanComment:
    """A comment as the service stores it (awaiting moderation), without the page."""
    data: dict[str, Any] = {"name": "Thạch Sô Phên", "hamlet": "Ấp Chợ", "phone": "0912345678"}
    data.update(over)
    return PlanComment.objects.create(plan=plan, text=text, **data)
