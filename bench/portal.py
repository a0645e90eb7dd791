"""The portals served by gunicorn: a commune's home, one of its news pages and the province's
home, time to first byte beside ``/healthz`` of the same server in the same run; and what a
reader's phone downloads to show the commune's home the first time.

Data: a province (86) with 100 communes whose portals are made by the portals' own sync
(``portal_sync_units``: each home with its sections, editors' group and image collection), then
200 news items in each commune's portal and 200 in the province's (20,200 pages, written in bulk
with their treebeard paths computed as ``add_child`` would, the tree checked as
``find_problems`` does), spread over three years, every fourth with one of six photos (drawn by the
demo's generator), a few marked important; each home has its People's Committee's address and
office hours.

Product: time to first byte (request sent → status line and headers read) of ``/xa/ngai-xuyen/``
(the commune home: its important notices and latest news), its newest news page and ``/`` (the
province home):

- warm: the page from the portals' page cache, as readers get it between two publishes;
- cold: rendered on every request (a second server with ``PORTAL_PAGE_CACHE_SECONDS=0``; the
  photos' renditions exist already, as after the first reader).

Baseline: ``GET /healthz`` (one ``SELECT 1``) on the same server, measured just before. Goal:
each warm median under 3× ``/healthz``'s (judged); the cold ones are printed with their ratio.

Transfer: the commune home's HTML and every subresource it references (stylesheets and what
they import, the icon, images), parsed from the HTML as Chromium on a phone 360 px wide at 2×
fetches them (one candidate of each ``<picture>``: the first source type it supports, the
smallest width covering the slot), bytes as sent by the server and the number of requests,
beside the budget: 60 KB and 8 requests.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import random
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from bench.common import Result, Timing, setup_django
from bench.server import served, ttfb_ms

SEED = 1212
COMMUNES = 100
NEWS_PER_PORTAL = 200
PHOTOS = 6
RUNS = 200
COLD_RUNS = 60
RATIO = 3.0
BUDGET_BYTES = 60 * 1024
BUDGET_REQUESTS = 8
PHONE_WIDTH, PHONE_DPR = 360, 2
TODAY = dt.date(2026, 12, 2)
START = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
LISTED = "Xã Ngãi Xuyên"
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")

TITLES = [
    "Lễ công bố xã đạt chuẩn nông thôn mới năm {year}",
    "Lịch phát thanh hệ thống loa truyền thanh tháng {month}/{year}",
    "Lễ hội Ok Om Bók năm {year}",
    "Thông báo lịch tiếp công dân tháng {month}/{year}",
    "Hội nghị sơ kết xây dựng nông thôn mới {month} tháng đầu năm {year}",
    "Ra quân làm đường giao thông nông thôn tại ấp số {n}",
    "Tập huấn kỹ năng số cho người dân, đợt {n}",
    "Thông báo thu hoạch lúa và lịch thời vụ vụ {n}",
]
PARAGRAPH = (
    "<p>Thực hiện kế hoạch của UBND xã về xây dựng nông thôn mới, trong tháng các ấp đã ra quân "
    "vệ sinh môi trường, trồng cây xanh, sửa chữa đường giao thông nông thôn và vận động bà con "
    "tham gia các mô hình sản xuất hiệu quả. Người dân có ý kiến, đề nghị xin liên hệ trưởng ấp "
    "hoặc Bộ phận Một cửa của UBND xã trong giờ hành chính.</p>"
)


def _units() -> tuple[Any, list[Any]]:
    """The province of today and its communes (the listed one first)."""
    from smartrural.core.text import fold
    from smartrural.geo.models import AdministrativeUnit, Kind, Level, path_segment

    rows: list[AdministrativeUnit] = []

    def add(code: str, name: str, kind: str, level: str, parent: Any) -> Any:
        pk = len(rows) + 1
        unit = AdministrativeUnit(
            id=pk,
            code=code,
            name=name,
            search_name=fold(name),
            kind=kind,
            level=level,
            parent=parent,
            region="dbscl" if level == Level.PROVINCE else "",
            path=(parent.path if parent else "") + path_segment(pk),
        )
        rows.append(unit)
        return unit

    province = add("86", "Tỉnh Vĩnh Long", Kind.PROVINCE, Level.PROVINCE, None)
    communes = [
        add(
            "29479" if i == 0 else f"{30000 + i}",
            LISTED if i == 0 else f"Xã Số {i}",
            Kind.COMMUNE,
            Level.COMMUNE,
            province,
        )
        for i in range(COMMUNES)
    ]
    AdministrativeUnit.objects.bulk_create(rows)
    return province, communes


def _photos(home: Any) -> list[Any]:
    from smartrural.demo.portal_images import SCENES, demo_photo
    from smartrural.portal.services.pages import portal_image_add

    scenes = list(SCENES)
    return [
        portal_image_add(
            home=home,
            title=f"Ảnh minh họa {i + 1}",
            content=demo_photo(f"bench-{i}", scenes[i % len(scenes)]),
            filename=f"bench-{i}.jpg",
            by=None,
        )
        for i in range(PHOTOS)
    ]


def _bulk_news(index: Any, rng: random.Random, photos: list[Any], categories: list[Any]) -> None:
    """``NEWS_PER_PORTAL`` published news items under ``index`` in two inserts: the pages (their
    paths as treebeard's ``add_child`` gives them: the n-th child's step is n) and the news rows
    (a multi-table child: ``bulk_create`` cannot write it, so an executemany)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    from smartrural.core.text import fold
    from smartrural.portal.models import NewsPage
    from smartrural.portal.models.base import ascii_slug

    content_type = ContentType.objects.get_for_model(NewsPage)
    words = [fold(re.sub("<[^>]+>", " ", PARAGRAPH))]
    moments = sorted(START + (END - START) * rng.random() for _ in range(NEWS_PER_PORTAL))
    pages, details = [], []
    for n, at in enumerate(moments, start=1):
        title = rng.choice(TITLES).format(year=at.year, month=at.month, n=n)
        slug = f"{ascii_slug(title)[:60]}-{n}"
        intro = f"Tin ngày {at:%d/%m/%Y} của {index.get_parent().title}."
        paragraphs = rng.randint(2, 4)
        body = PARAGRAPH * paragraphs
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, n),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=at,
                last_published_at=at,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
        details.append(
            {
                "intro": intro,
                "search_text": " ".join([fold(f"{title} {intro}")] + words * paragraphs),
                "date": at.date(),
                "category": rng.choice(categories).pk,
                "important": n > NEWS_PER_PORTAL - 10 and rng.random() < 0.2,
                "image": photos[n % len(photos)].pk if n % 4 == 0 else None,
                "body": body,
            }
        )
    created = Page.objects.bulk_create(pages, batch_size=500)
    fields = NewsPage._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [page.pk if f.name == "page_ptr" else detail[f.name] for f in fields]
        for page, detail in zip(created, details, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(NewsPage._meta.db_table)} "
            f"({columns}) VALUES ({marks})",
            rows,
        )
    Page.objects.filter(pk=index.pk).update(numchild=len(created))


def _tree_problems() -> list[int]:
    """The checks of treebeard's ``find_problems`` (paths of the alphabet in whole steps, every
    parent there, depth from the path, ``numchild`` the children counted) in one read of the
    tree: ``find_problems`` itself takes longer than writing the 20,000 pages."""
    from wagtail.models import Page

    step, alphabet = Page.steplen, set(Page.alphabet)
    nodes = list(Page.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _depth, _numchild in nodes}
    children: dict[str, int] = {}
    for path, _depth, _numchild in nodes:
        children[path[:-step]] = children.get(path[:-step], 0) + 1
    return [
        sum(1 for path in paths if not set(path) <= alphabet),
        sum(1 for path in paths if len(path) % step),
        sum(1 for path in paths if len(path) > step and path[:-step] not in paths),
        sum(1 for path, depth, _numchild in nodes if len(path) != depth * step),
        sum(1 for path, _depth, numchild in nodes if children.get(path, 0) != numchild),
    ]


def _build() -> tuple[str, str]:
    """The data; the listed commune's home address and its newest news page's."""
    from wagtail.models import Page

    from smartrural.portal.models import NewsCategory, NewsIndex, PortalHome
    from smartrural.portal.models.news import news_of
    from smartrural.portal.services import portal_sync_units

    started = time.perf_counter()
    _province, communes = _units()
    portal_sync_units(as_of=TODAY)
    synced = time.perf_counter() - started
    PortalHome.objects.update(
        address="Trụ sở UBND xã, ấp Chông Bát",
        office_hours="Sáng 7:00–11:00, chiều 13:00–17:00, từ thứ Hai đến thứ Sáu",
        phone="0294 3874 279",
    )
    province_home = PortalHome.objects.get(depth=2)
    photos = _photos(province_home)
    categories = list(NewsCategory.objects.all())
    rng = random.Random(SEED)
    for index in NewsIndex.objects.order_by("path"):
        _bulk_news(index, rng, photos, categories)
    written = time.perf_counter() - started
    problems = _tree_problems()
    pages = Page.objects.count()
    print(
        f"portal: {len(communes)} commune portals synced in {synced:.1f} s; {pages:,} pages in "
        f"{written:.1f} s; tree checked in {time.perf_counter() - started - written:.1f} s, "
        f"problems (evil chars, step length, orphans, depth, numchild): {problems}"
    )
    if any(problems):
        raise RuntimeError(f"The page tree is not valid: {problems}")
    listed = PortalHome.objects.get(unit=communes[0])
    newest = news_of(NewsIndex.objects.child_of(listed).get()).first()
    return listed.url, newest.url


class _Resources(HTMLParser):
    """What a browser fetches for a page: stylesheets, the icon, one candidate per image."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._picture: list[dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "link" and set(a.get("rel", "").split()) & {"stylesheet", "icon"}:
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "picture":
            self._picture = []
        elif tag == "source" and self._picture is not None:
            self._picture.append(a)
        elif tag == "img":
            sources = self._picture or []
            chosen = next((s for s in sources if s.get("srcset")), None)
            self.urls.append(_candidate(chosen or a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self._picture = None


def _slot(sizes: str) -> float:
    """The image's width in CSS px on the phone, from ``sizes`` ("160px", "(max-width: 760px)
    100vw, 720px")."""
    for part in (p.strip() for p in sizes.split(",") if p.strip()):
        condition = re.match(r"\(max-width:\s*(\d+)px\)\s*(.+)", part)
        if condition and int(condition[1]) < PHONE_WIDTH:
            continue
        value = condition[2] if condition else part
        if value.endswith("vw"):
            return PHONE_WIDTH * float(value[:-2]) / 100
        return float(value.removesuffix("px"))
    return PHONE_WIDTH


def _candidate(attrs: dict[str, str]) -> str:
    srcset = attrs.get("srcset", "")
    if not srcset:
        return attrs.get("src", "")
    needed = _slot(attrs.get("sizes", "")) * PHONE_DPR
    candidates = []
    for item in srcset.split(","):
        url, _, descriptor = item.strip().partition(" ")
        width = int(descriptor[:-1]) if descriptor.endswith("w") else 0
        candidates.append((width, url))
    covering = sorted(c for c in candidates if c[0] >= needed)
    return (covering[0] if covering else max(candidates))[1]


def _fetch(url: str) -> tuple[int, bytes, str]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        conn.request(
            "GET",
            parts.path + (f"?{parts.query}" if parts.query else ""),
            headers={"Accept-Encoding": "gzip, deflate, br", "User-Agent": "bench"},
        )
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Content-Type") or ""
    finally:
        conn.close()


def first_load(url: str) -> list[tuple[str, int]]:
    """Each request a first visit to ``url`` makes and the bytes it brings."""
    status, html, _type = _fetch(url)
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    parser = _Resources()
    parser.feed(html.decode())
    loaded = [(url, len(html))]
    queue = [urljoin(url, u) for u in parser.urls if u]
    seen = {url}
    while queue:
        resource = queue.pop(0)
        if resource in seen:
            continue
        seen.add(resource)
        status, body, content_type = _fetch(resource)
        if status != 200:
            raise RuntimeError(f"GET {resource} answered {status}")
        loaded.append((resource, len(body)))
        if content_type.startswith("text/css"):
            for found in CSS_URL.findall(body.decode()):
                target = found[0] or found[1]
                if not target.startswith("data:"):
                    queue.append(urljoin(resource, target))
    return loaded


@contextmanager
def _quiet() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _queries(pages: dict[str, str]) -> dict[str, int]:
    """The database queries of one render of each page (the page cache emptied; the photos'
    renditions made by a first render, as after the first reader)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    counts = {}
    for label, path in pages.items():
        client.get(path)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        counts[label] = len(queries)
    return counts


def _judge(label: str, page: Timing, health: Timing, results: list[Result] | None) -> None:
    ratio = page.median_ms / health.median_ms
    print(
        f"portal: {label}: TTFB median {page.median_ms:.2f} ms (p95 {page.p95_ms:.2f}), "
        f"/healthz {health.median_ms:.2f} ms, ratio {ratio:.2f}"
        + (f" (goal < {RATIO:g})" if results is not None else " (printed, not judged)")
    )
    if results is not None:
        results.append(
            Result(
                name=f"portal {label} TTFB vs /healthz",
                product=page,
                baseline=health,
                target_ms=RATIO * health.median_ms,
            )
        )


def run() -> list[Result]:
    db_path = setup_django()
    from django.db import connection
    from django.test import override_settings

    media = Path(db_path).parent / "media"
    overridden = override_settings(MEDIA_ROOT=str(media))
    overridden.enable()
    try:
        with _quiet():  # Wagtail logs each page it adds, the tasks backend each task it runs
            commune, news = _build()
            pages = {"commune home": commune, "news page": news, "province home": "/"}
            queries = _queries(pages)
    finally:
        overridden.disable()
    connection.close()  # the server reads the file on its own connections
    print(
        "portal: queries per render without the page cache: "
        + ", ".join(f"{label} {count}" for label, count in queries.items())
    )

    results: list[Result] = []
    with served(db_path, env={"MEDIA_ROOT": str(media)}) as base_url:
        for label, path in pages.items():
            health = ttfb_ms(base_url + "/healthz", RUNS)
            page = ttfb_ms(base_url + path, RUNS)
            _judge(f"{label}, warm", page, health, results)
        loaded = first_load(base_url + commune)
    total = sum(size for _url, size in loaded)
    within = total <= BUDGET_BYTES and len(loaded) <= BUDGET_REQUESTS
    print(
        f"portal: commune home first load ({PHONE_WIDTH} px at {PHONE_DPR}x): "
        f"{total / 1024:.1f} KB in {len(loaded)} requests (budget {BUDGET_BYTES // 1024} KB / "
        f"{BUDGET_REQUESTS} requests): {'within budget' if within else 'OVER BUDGET'}"
    )
    for url, size in loaded:
        print(f"portal:   {size / 1024:7.1f} KB  {urlsplit(url).path}")
    with served(
        db_path, env={"MEDIA_ROOT": str(media), "PORTAL_PAGE_CACHE_SECONDS": "0"}
    ) as cold_url:
        for label, path in pages.items():
            health = ttfb_ms(cold_url + "/healthz", COLD_RUNS)
            page = ttfb_ms(cold_url + path, COLD_RUNS)
            _judge(f"{label}, cold", page, health, None)
    return results
