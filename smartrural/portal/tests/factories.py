"""Portals for tests: the persona units' portals (synced as of 2023, when they were valid) and
pages written through Wagtail's own revision API, as an editor would."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from smartrural.portal.models import (
    DocumentIndex,
    NewsCategory,
    NewsIndex,
    NewsPage,
    PlanComment,
    PlanPage,
    PlanStatus,
    PortalHome,
    PublicDocument,
    TourismEvent,
    TourismIndex,
    TourismSpot,
)
from smartrural.portal.services import portal_sync_units
from smartrural.testing import IN_2023, Personas

# The comment period of the tests' draft plan: 01/06/2023 (``IN_2023``) to 30/06/2023.
CLOSES = dt.date(2023, 6, 30)
P = TypeVar("P", bound=Page)


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


def section(home: PortalHome, model: type[P]) -> P:
    """``home``'s default section of type ``model`` (the sync created it)."""
    return model.objects.child_of(home).get()


def publish_page(parent: Page, page: P, *, live: bool = True) -> P:
    """``page`` added under ``parent`` and, when ``live``, published through a revision as an
    editor would; a draft otherwise."""
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
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


def pdf_document(title: str = "Quyết định 125", *, size: int = 2048) -> Document:
    """A PDF of exactly ``size`` bytes in Wagtail's documents."""
    head = b"%PDF-1.4\n"
    content = head + b"%" * (size - len(head))
    return Document.objects.create(
        title=title, file=ContentFile(content, name="quyet-dinh-125.pdf"), file_size=size
    )


def jpeg_image(title: str = "Lễ hội Ok Om Bók") -> Image:
    """An 800×600 JPEG in Wagtail's images."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (180, 60, 40)).save(buffer, format="JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="ok-om-bok.jpg"))


def publish_document(
    home: PortalHome,
    title: str = "Về việc công nhận ấp văn hóa năm 2023",
    *,
    kind: str = "decision",
    date_issued: dt.date = IN_2023,
    number: str = "125/QĐ-UBND",
    summary: str = "Công nhận 5 ấp đạt danh hiệu ấp văn hóa.",
    live: bool = True,
) -> PublicDocument:
    return publish_page(
        section(home, DocumentIndex),
        PublicDocument(
            title=title,
            kind=kind,
            date_issued=date_issued,
            number=number,
            issuer="UBND xã Ngãi Xuyên",
            summary=summary,
            document=pdf_document(title),
        ),
        live=live,
    )


def publish_event(
    home: PortalHome,
    title: str = "Lễ hội Ok Om Bók 2023",
    *,
    start: dt.date = dt.date(2023, 11, 26),
    end: dt.date = dt.date(2023, 11, 28),
    live: bool = True,
) -> TourismEvent:
    return publish_page(
        section(home, TourismIndex),
        TourismEvent(title=title, start_date=start, end_date=end, place="Ao Bà Om"),
        live=live,
    )


def publish_spot(
    home: PortalHome, title: str = "Chùa Âng", *, live: bool = True, **fields: str
) -> TourismSpot:
    fields.setdefault("hamlet", "Ấp Sóc Cụt")
    return publish_page(section(home, TourismIndex), TourismSpot(title=title, **fields), live=live)
