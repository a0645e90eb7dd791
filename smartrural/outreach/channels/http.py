"""The HTTP client every HTTP adapter uses (Zalo, the SMS gateway, Facebook).

``http_client`` is ``httpx.Client`` with the adapter's options and, when ``TRANSPORT`` is set,
that transport instead of the network: the benchmark sets an ``httpx.MockTransport`` answering
as the providers do, so it measures our sending and recording, not the loopback. Production and
the tests leave it ``None``: real sockets. One client per adapter, shared by the delivery
threads (httpx.Client is thread-safe: one connection pool, connections kept open).

The providers' APIs take a token, never a cookie: the client keeps no cookies (``NoCookies``),
so eight threads do not parse every answer's headers into one locked cookie jar.

``JsonEndpoint`` posts JSON to one URL: the request's URL, headers and timeout are worked out
once (``Client.build_request``), and each message only builds its body and a ``Request`` sent
with ``Client.send`` (the client's transports, proxies from the environment and timeouts still
apply). ``Client.post`` merges the URL, headers and cookies anew for every request, which cost
about as much as the rest of an adapter's send (bench/outreach.py).
"""

from __future__ import annotations

import json
from http.cookiejar import CookieJar
from typing import Any

import httpx

TRANSPORT: httpx.BaseTransport | None = None


class NoCookies(CookieJar):
    """A cookie jar that keeps nothing and sends nothing."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def add_cookie_header(self, request: Any) -> None:
        return None


def http_client(**options: Any) -> httpx.Client:
    if TRANSPORT is not None:
        options["transport"] = TRANSPORT
    options.setdefault("cookies", NoCookies())
    return httpx.Client(**options)


def json_body(payload: Any) -> bytes:
    """``payload`` as httpx's ``json=`` encodes it (UTF-8, compact, no NaN)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


class JsonEndpoint:
    """``post(payload)``: a JSON POST to ``url`` (relative to the client's ``base_url``) with
    the client's headers and timeout, prepared once."""

    def __init__(self, client: httpx.Client, url: str) -> None:
        self.client = client
        template = client.build_request("POST", url, headers={"Content-Type": "application/json"})
        self.url = template.url
        # The client's headers, Host and Content-Type; each body adds its Content-Length.
        self.headers = [
            (name, value)
            for name, value in template.headers.raw
            if name.lower() != b"content-length"
        ]
        self.extensions = dict(template.extensions)

    def post(self, payload: Any) -> httpx.Response:
        body = json_body(payload)
        request = httpx.Request(
            "POST",
            self.url,
            headers=[*self.headers, (b"Content-Length", str(len(body)).encode())],
            stream=httpx.ByteStream(body),  # headers complete: nothing for httpx to add
            extensions=dict(self.extensions),
        )
        request.read()
        return self.client.send(request)
