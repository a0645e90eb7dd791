"""Portal pages: Wagtail's ``serve`` behind the page cache (``caching``), sitemap and the
public image renditions."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.static import serve as static_serve
from wagtail import views as wagtail_views
from wagtail.models import Site

from .caching import serve_cached


def serve(request: HttpRequest, path: str) -> HttpResponse:
    if path == "" and not Site.objects.exists():
        # No portal yet (before the first ``portal_sync``): the officers' home.
        return redirect("core:home")
    return serve_cached(request, lambda request: wagtail_views.serve(request, path))


def rendition(request: HttpRequest, path: str) -> FileResponse:
    """An image rendition (``/media/images/…``): public, re-encoded without metadata. Originals
    are not served."""
    response = static_serve(request, path, document_root=str(Path(settings.MEDIA_ROOT) / "images"))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
