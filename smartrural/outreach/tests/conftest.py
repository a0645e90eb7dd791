"""Outreach test fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections


@pytest.fixture
def wsgi_transport() -> Iterator[httpx.WSGITransport]:
    """The application itself as an httpx transport (a device or provider calling it without a
    socket). As Django's test client does, requests do not close the database connection at
    their end: on PostgreSQL that would close the test's own transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
