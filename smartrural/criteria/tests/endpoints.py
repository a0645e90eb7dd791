"""This app's page rows of the endpoint access matrix (see smartrural/testing_matrix.py)."""

from __future__ import annotations

from smartrural.testing_matrix import Endpoint, logged_in

ENDPOINTS: list[Endpoint] = [
    Endpoint("criteria:entry-home", "get", lambda p: "/criteria/", logged_in(200)),
]
