"""``smartrural demo``: set up the demo province and serve it with a background worker.

The command supervises both children (``Supervisor``): a child that dies is started again
(at most ``MAX_RESTARTS`` times a minute, then everything stops with a message); SIGINT and
SIGTERM stop both; on Linux a child also gets SIGTERM when the demo itself dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from smartrural.core.demo import DEMO_PASSWORD, load_demo, real_accounts_exist


class Command(BaseCommand):
    help = "Load the demo province (Trà Vinh 2023) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--no-serve", action="store_true", help="Set up the database and exit.")
        parser.add_argument(
            "--serve-only",
            action="store_true",
            help="Serve the database as it is, without migrating, collecting static files and "
            "loading the demo data again (after a first full run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The demo runs only in demo mode (SMARTRURAL_DEMO=true).")
        if options["serve_only"]:
            self._refuse_real_accounts()
            self._serve(options["host"], options["port"])
            return
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._refuse_real_accounts()
        self.stdout.write("Loading reference units and demo data…")
        accounts = load_demo()
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS("SmartRural demo is ready."))
        self.stdout.write(f"  Web:        {base}/")
        self.stdout.write(f"  Units:      {base}/units/?as_of=2023-06-01")
        self.stdout.write(f"  API docs:   {base}/api/v1/docs")
        self.stdout.write(f"  Health:     {base}/healthz")
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(
                f"    {account.username:<12} {account.role:<17} {account.description}"
            )
        if options["no_serve"]:
            return
        self._serve(options["host"], options["port"])

    def _refuse_real_accounts(self) -> None:
        if real_accounts_exist():
            raise CommandError(
                "This database holds real (non-demo) accounts: the demo runs only on a database "
                "of its own (set DATABASE_URL or SMARTRURAL_VAR_DIR to another place)."
            )

    def _serve(self, host: str, port: int) -> None:
        bin_dir = os.path.dirname(sys.executable)
        limit = settings.REQUEST_TIME_LIMIT_SECONDS
        web = Child(
            "web server",
            [
                os.path.join(bin_dir, "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--worker-class",
                "gthread",
                "--workers",
                "2",
                "--threads",
                "4",
                # gthread workers keep answering gunicorn's heartbeat while a request runs, so
                # --timeout only catches a frozen worker; requests have their own time limit.
                "--timeout",
                str(limit + 30),
                "--graceful-timeout",
                str(GRACEFUL_SECONDS),
                "--access-logfile",
                "-",
            ],
        )
        worker = Child("worker", [os.path.join(bin_dir, "smartrural"), "worker"])
        supervisor = Supervisor(
            [web, worker],
            env={**os.environ, "SMARTRURAL_DEMO": "true"},
            cwd=str(settings.BASE_DIR),
            say=self.stdout.write,
            graceful=GRACEFUL_SECONDS + 5,
        )
        failure: str | None = None
        previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
        for sig in STOP_SIGNALS:
            signal.signal(sig, _stop_requested)
        try:
            supervisor.start()
            self.stdout.write(f"Serving on http://{host}:{port}/ — press Ctrl-C to stop.")
            supervisor.watch()
        except StopRequested:
            pass
        except GaveUp as exc:
            failure = str(exc)
        finally:
            # Ctrl-C reaches the whole process group (and make may repeat it): shut down once.
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_IGN)
            self.stdout.write("Stopping the web server and the worker…")
            supervisor.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if failure:
            raise CommandError(f"{failure} The demo has stopped.")
        self.stdout.write("Stopped.")


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
                    f"The {child.name} stopped (exit code {code}) after being started again "
                    f"{len(child.restarts)} times within {self.window:.0f} s; see the log above."
                )
            self.say(f"The {child.name} stopped (exit code {code}); starting it again…")
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
