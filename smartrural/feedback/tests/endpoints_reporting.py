"""Endpoint matrix rows of feedback's reporting pages."""

from __future__ import annotations

from smartrural.testing_matrix import Endpoint

ENDPOINTS: list[Endpoint] = []
