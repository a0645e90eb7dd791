"""The portals' addresses: the province portal at ``/``, communes at ``/xa/<slug>/`` (Wagtail's
page tree), the sitemap and image renditions. Included last in ``config.urls``: every other
address wins."""

from __future__ import annotations

from django.urls import path, re_path
from wagtail.contrib.sitemaps.views import sitemap

from . import views

urlpatterns = [
    path("sitemap.xml", sitemap, name="portal-sitemap"),
    path("media/images/<path:path>", views.rendition, name="portal-rendition"),
    re_path(r"^((?:[\w\-]+/)*)$", views.serve, name="wagtail_serve"),
]
