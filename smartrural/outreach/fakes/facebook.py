"""A fake Graph API for page posts (``channels/facebook.py``): ``POST /{version}/{page}/feed``.

Checks the page's token (``tokens``: page id → token), answers ``{"id": "<page>_<n>"}`` and
keeps the post in ``posts``; ``script[page]`` gives Graph error codes to answer instead, one per
attempt (the last repeats), in Graph's error object. ``GET /_fake/accepted`` lists the posts.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

StartResponse = Callable[..., Any]
FEED = re.compile(r"^/v\d+\.\d+/(?P<page>\d+)/feed$")
MESSAGES = {
    4: ("OAuthException", "Application request limit reached"),
    17: ("OAuthException", "User request limit reached"),
    32: ("OAuthException", "Page request limit reached"),
    100: ("GraphMethodException", "Unsupported post request."),
    190: ("OAuthException", "Error validating access token: Session has expired."),
    200: ("OAuthException", "(#200) Permissions error"),
    368: ("OAuthException", "It looks like you were misusing this feature."),
    506: ("OAuthException", "(#506) Duplicate status message"),
    613: ("OAuthException", "Calls to this api have exceeded the rate limit."),
}


def _json(start_response: StartResponse, data: Any, status: str = "200 OK") -> Iterable[bytes]:
    body = json.dumps(data).encode()
    start_response(status, [("Content-Type", "application/json")])
    return [body]


def graph_error(code: int, subcode: int | None = None) -> dict[str, Any]:
    kind, message = MESSAGES.get(code, ("OAuthException", "An unknown error occurred"))
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "Afake"}
    if subcode:
        error["error_subcode"] = subcode
    return {"error": error}


class FakeGraph:
    def __init__(self, tokens: dict[str, str] | None = None) -> None:
        self.tokens = dict(tokens or {"1234567890": "fake-page-token"})
        self.script: dict[str, list[int]] = {}
        self.posts: list[dict[str, str]] = []
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        if path == "/_fake/accepted" and method == "GET":
            with self.lock:
                return _json(start_response, {"posts": list(self.posts)})
        match = FEED.match(path)
        if not match or method != "POST":
            return _json(start_response, graph_error(100), "400 Bad Request")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        page = match["page"]
        if form.get("access_token") != self.tokens.get(page):
            return _json(start_response, graph_error(190, 463), "400 Bad Request")
        if not form.get("message"):
            return _json(start_response, graph_error(100), "400 Bad Request")
        with self.lock:
            steps = self.script.get(page)
            code = (steps.pop(0) if len(steps) > 1 else steps[0]) if steps else None
            if code is None:
                post_id = f"{page}_{next(self.ids)}"
                self.posts.append({"id": post_id, "page": page, "message": form["message"]})
        if code is not None:
            return _json(start_response, graph_error(code), "400 Bad Request")
        return _json(start_response, {"id": post_id})
