"""A simulated loudspeaker cluster: what a real device does with the device API, over HTTP.

``SimulatedCluster(base_url, token)`` polls ``next``, downloads each item's audio with its
token, checks the SHA-256, "plays" it (sleeps ``play_seconds`` per item, by default not at all)
and acknowledges it: ``played``, or ``failed`` with the reason when the download or the
checksum failed. Used by the tests and the demo (``transport=httpx.WSGITransport(app=...)``
calls the application in-process; without it, real HTTP to ``base_url``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Played:
    item: int
    title: str
    priority: str
    interrupt: bool
    status: str
    detail: str = ""
    audio_bytes: int = 0


@dataclass
class SimulatedCluster:
    base_url: str
    token: str
    play_seconds: float = 0.0
    transport: httpx.BaseTransport | None = None
    timeout: float = 10.0
    log: list[Played] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            base_url=self.base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {self.token}"},
            transport=self.transport,
            timeout=self.timeout,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> SimulatedCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the three calls -------------------------------------------------------------------

    def next(self) -> list[dict[str, Any]]:
        response = self.client.get("/api/v1/loudspeakers/next")
        response.raise_for_status()
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def ack(self, item: int, status: str, detail: str = "") -> dict[str, Any]:
        at = dt.datetime.now(dt.UTC).isoformat()
        response = self.client.post(
            "/api/v1/loudspeakers/ack",
            json={"item": item, "status": status, "at": at, "detail": detail},
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def heartbeat(self, status: str = "ok", detail: str = "") -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/loudspeakers/heartbeat", json={"status": status, "detail": detail}
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    # -- behaviour -------------------------------------------------------------------------

    def play(self, item: dict[str, Any]) -> Played:
        """Download, check and "play" one item, then acknowledge it."""
        status, detail, size = "played", "", 0
        try:
            audio = self.client.get(item["audio_url"])
            audio.raise_for_status()
            size = len(audio.content)
            digest = hashlib.sha256(audio.content).hexdigest()
            if digest != item["sha256"]:
                status, detail = "failed", "checksum mismatch"
        except httpx.HTTPError as exc:
            status, detail = "failed", f"download: {exc}"[:200]
        if status == "played" and self.play_seconds:
            time.sleep(self.play_seconds)
        self.ack(item["id"], status, detail)
        played = Played(
            item=item["id"],
            title=item["title"],
            priority=item["priority"],
            interrupt=item["interrupt"],
            status=status,
            detail=detail,
            audio_bytes=size,
        )
        self.log.append(played)
        return played

    def run_once(self, *, limit: int | None = None) -> list[Played]:
        """Poll once and play what is due now (``starts_at`` passed), in the order given; at
        most ``limit`` items."""
        now = dt.datetime.now(dt.UTC)
        done: list[Played] = []
        for item in self.next():
            if dt.datetime.fromisoformat(item["starts_at"]) > now:
                continue
            done.append(self.play(item))
            if limit is not None and len(done) >= limit:
                break
        return done
