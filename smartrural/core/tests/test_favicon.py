"""The site has an icon: browsers asking for /favicon.ico or following the page's
``<link rel="icon">`` get one instead of a 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


class FaviconTests:
    def test_favicon_ico_is_served_at_the_root(self) -> None:
        response = Client().get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
        assert _body(response).startswith(b"\x00\x00\x01\x00")  # the ICO header

    def test_every_page_links_its_svg_icon_and_the_link_works(self) -> None:
        page = Client().get("/lam-viec/").content.decode()
        links = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
        assert len(links) == 1
        response = Client().get(links[0])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert _body(response).startswith(b"<svg")
