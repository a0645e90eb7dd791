"""Supervision of the demo's children (the web server and the worker).

The command supervises both children (``Supervisor``): a child that dies is started again
(at most ``MAX_RESTARTS`` times a minute, then everything stops with a message); SIGINT and
SIGTERM stop both; on Linux a child also gets SIGTERM when the demo itself dies.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACEFUL_SECONDS = 10
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60.0
POLL_SECONDS = 0.5


class StopRequested(Exception):
    """SIGINT or SIGTERM reached the demo."""


class GaveUp(Exception):
    """A child kept dying."""


def _stop_requested(signum: int, frame: Any) -> None:
    raise StopRequested()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the child gets SIGTERM when the demo dies, even by SIGKILL, so a killed demo
    leaves no server behind."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: deque[float] = field(default_factory=deque)  # when it was started again


class Supervisor:
    """Keeps the demo's children running: a child that dies is started again, at most
    ``max_restarts`` times within ``window`` seconds; past that ``watch`` raises ``GaveUp``
    and the caller stops everything (``stop``), so one half never runs without the other."""

    def __init__(
        self,
        children: list[Child],
        *,
        env: dict[str, str],
        cwd: str,
        say: Callable[[str], Any],
        max_restarts: int = MAX_RESTARTS,
        window: float = RESTART_WINDOW_SECONDS,
        poll: float = POLL_SECONDS,
        graceful: float = GRACEFUL_SECONDS,
    ) -> None:
        self.children = children
        self.env, self.cwd, self.say = env, cwd, say
        self.max_restarts, self.window, self.poll, self.graceful = (
            max_restarts,
            window,
            poll,
            graceful,
        )

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603 - our own executables
            child.argv,
            env=self.env,
            cwd=self.cwd,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    def start(self) -> None:
        for child in self.children:
            self._spawn(child)

    def check(self) -> None:
        """Start again every child that died (``GaveUp`` when one dies too often)."""
        now = time.monotonic()
        for child in self.children:
            assert child.process is not None
            code = child.process.poll()
            if code is None:
                continue
            while child.restarts and now - child.restarts[0] > self.window:
                child.restarts.popleft()
            if len(child.restarts) >= self.max_restarts:
                raise GaveUp(
                    _(
                        "The %(name)s stopped (exit code %(code)s) after being started again "
                        "%(times)s times within %(seconds)s s; see the log above."
                    )
                    % {
                        "name": child.name,
                        "code": code,
                        "times": len(child.restarts),
                        "seconds": f"{self.window:.0f}",
                    }
                )
            self.say(
                _("The %(name)s stopped (exit code %(code)s); starting it again…")
                % {"name": child.name, "code": code}
            )
            child.restarts.append(now)
            self._spawn(child)

    def watch(self) -> None:
        while True:
            self.check()
            time.sleep(self.poll)

    def stop(self) -> None:
        """SIGTERM to every running child, then SIGKILL to those still running after
        ``graceful`` seconds."""
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.graceful
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
