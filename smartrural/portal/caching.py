"""The portals' page cache and HTTP validators.

A reader without a session gets a page from the cache when one was rendered since the portals
last changed: the key holds ``PortalStamp.generation`` (one indexed read per request), which
every publish, unpublish, move or delete bumps (signals below), so every process drops its
copies at once; ``PORTAL_PAGE_CACHE_SECONDS`` bounds the rest (the NTM results on a home page
change with the criteria data, not with a publish). The key also holds the day (Viet Nam's
calendar) and ``Last-Modified`` is never before its start: what a page shows by date (a plan's
comment form opens and closes on given days, the results as of today) is never served from the
day before. Every cacheable answer carries an ``ETag`` and ``Last-Modified``; a matching
``If-None-Match`` or ``If-Modified-Since`` is a 304.

A page rendered with a CSRF token (a comment form) or for a logged-in reader is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

from smartrural.core.dates import today

from .models import PortalStamp

# The day is in the key: what a page shows may change at midnight without a publish (an event
# moves from "coming" to "past"), so a copy never outlives its day.
_KEY = "portal:page:{generation}:{day}:{language}:{host}:{path}"


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    content_type: str
    etag: str
    last_modified: float


def stamp() -> PortalStamp:
    current = PortalStamp.objects.order_by("pk").first()
    return current if current is not None else PortalStamp.objects.create()


def bump(**_kwargs: Any) -> None:
    """The portals changed: every cached page is stale."""
    updated = PortalStamp.objects.update(generation=F("generation") + 1, changed_at=timezone.now())
    if not updated:
        PortalStamp.objects.create(generation=1)


def connect_signals() -> None:
    page_published.connect(bump, dispatch_uid="portal-cache-published")
    page_unpublished.connect(bump, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(bump, dispatch_uid="portal-cache-moved")
    post_delete.connect(_deleted, dispatch_uid="portal-cache-deleted")


def _deleted(sender: type, **kwargs: Any) -> None:
    from wagtail.models import Page  # local: app registry

    if issubclass(sender, Page):
        bump()


def cacheable(request: HttpRequest) -> bool:
    """A public read by a reader without a session and without a message waiting for them (a
    flashed "thank you" is shown on the page and would be stored with it)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request: HttpRequest, generation: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return _KEY.format(
        generation=generation,
        day=today().isoformat(),
        language=get_language(),
        host=request.get_host(),
        path=path,
    )


def _validated(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """``page`` as a response, or 304 when the reader's copy is current."""
    conditional = get_conditional_response(
        request, etag=page.etag, last_modified=int(page.last_modified)
    )
    if conditional is not None:
        return conditional
    response = HttpResponse(page.content, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def _last_modified(current: PortalStamp) -> dt.datetime:
    """The last publish, or the day's start when later (the day is in the key too)."""
    day_start = timezone.make_aware(dt.datetime.combine(today(), dt.time()))
    return max(current.changed_at, day_start)


def serve_cached(request: HttpRequest, render: Any) -> HttpResponse:
    """The page from the cache, or ``render(request)`` stored when it may be."""
    if not cacheable(request):
        return render(request)
    current = stamp()
    key = _key(request, current.generation)
    page = cache.get(key)
    if page is None:
        response = render(request)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        # Rendered here (a TemplateResponse is lazy): only then is it known whether the page
        # holds a CSRF token (a form), which is the reader's own and never stored.
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response
        content = response.content
        page = CachedPage(
            content=content,
            content_type=response["Content-Type"],
            etag=f'"{hashlib.sha256(content).hexdigest()[:32]}"',
            last_modified=_last_modified(current).timestamp(),
        )
        cache.set(key, page, settings.PORTAL_PAGE_CACHE_SECONDS)
    return _validated(request, page)
