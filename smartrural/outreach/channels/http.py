"""The HTTP client every HTTP adapter uses (Zalo, the SMS gateway, Facebook).

``http_client`` is ``httpx.Client`` with the adapter's options and, when ``TRANSPORT`` is set,
that transport instead of the network: the benchmark sets an ``httpx.WSGITransport`` over the
fake providers, so it measures our sending and recording, not the loopback. Production and the
tests leave it ``None``: real sockets.
"""

from __future__ import annotations

from typing import Any

import httpx

TRANSPORT: httpx.BaseTransport | None = None


def http_client(**options: Any) -> httpx.Client:
    if TRANSPORT is not None:
        options["transport"] = TRANSPORT
    return httpx.Client(**options)
