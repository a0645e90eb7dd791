"""``channels.http``: a JSON POST prepared once and sent as ``Client.post(json=...)`` would send
it (same body, the client's headers, its own Content-Length), to a real server on loopback; the
clients keep no cookies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ..channels.http import JsonEndpoint, http_client
from ..fakes.server import FakeServer


class Echo:
    """Answers every request with what it received; sets a cookie on the first."""

    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        self.seen.append(
            {
                "path": environ["PATH_INFO"],
                "method": environ["REQUEST_METHOD"],
                "body": body,
                "length": length,
                "type": environ.get("CONTENT_TYPE", ""),
                "token": environ.get("HTTP_ACCESS_TOKEN", ""),
                "agent": environ.get("HTTP_USER_AGENT", ""),
                "cookie": environ.get("HTTP_COOKIE", ""),
            }
        )
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Set-Cookie", "session=abc; Path=/")]
        )
        return [b'{"error": 0}']


@pytest.fixture
def echo() -> Iterator[tuple[Echo, FakeServer]]:
    app = Echo()
    with FakeServer(app) as server:
        yield app, server


PAYLOAD = {"phone": "84912345678", "template_data": {"ten": "Trần Văn Tư", "muc": "4‰"}}


def test_the_prepared_post_sends_what_client_post_sends(echo: tuple[Echo, FakeServer]) -> None:
    app, server = echo
    with http_client(
        base_url=server.url + "/api/", headers={"access_token": "t-1", "User-Agent": "SR"}
    ) as client:
        endpoint = JsonEndpoint(client, "message/template")
        first = endpoint.post(PAYLOAD)
        second = endpoint.post({"phone": "84900000000"})
        reference = client.post("message/template", json=PAYLOAD)
    assert first.status_code == second.status_code == reference.status_code == 200
    assert first.json() == {"error": 0}
    mine, other, theirs = app.seen
    assert mine["path"] == theirs["path"] == "/api/message/template"
    assert mine["body"] == theirs["body"]
    assert json.loads(mine["body"]) == PAYLOAD
    assert mine["length"] == len(mine["body"]) and other["length"] == len(other["body"])
    assert json.loads(other["body"]) == {"phone": "84900000000"}
    for seen in (mine, other):
        assert seen["method"] == "POST"
        assert seen["type"] == "application/json"
        assert (seen["token"], seen["agent"]) == ("t-1", "SR")
        assert seen["cookie"] == ""  # the first answer's Set-Cookie was not kept


def test_a_prepared_post_keeps_the_clients_timeout(echo: tuple[Echo, FakeServer]) -> None:
    _, server = echo
    with http_client(base_url=server.url, timeout=httpx.Timeout(3.0, connect=1.0)) as client:
        endpoint = JsonEndpoint(client, "/x")
        response = endpoint.post({})
    assert response.request.extensions["timeout"] == {
        "connect": 1.0,
        "read": 3.0,
        "write": 3.0,
        "pool": 3.0,
    }
