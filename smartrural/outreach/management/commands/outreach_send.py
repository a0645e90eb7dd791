"""The sending worker: ``smartrural outreach_send [--once] [--idle-sleep SECONDS]``.

Drains the queue pass after pass (``delivery.drain``, as ``drain_until_idle`` does) and, when
nothing is due, sleeps ``--idle-sleep`` seconds before looking again (retries that came due,
rows a killed worker left ``sending`` past ``OUTREACH_LEASE_SECONDS``). ``--once``: drain until
idle and exit.

SIGTERM or SIGINT: the pass under way finishes (every claimed message is sent and its answer
recorded), then the worker exits 0. A second signal exits at once; rows left ``sending`` are
taken again by the next run after the lease (safe for the idempotent channels: SMS, e-mail,
ZNS).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from ... import delivery


class Command(BaseCommand):
    help = "Send queued outreach messages until stopped (SIGTERM/SIGINT stop after the pass)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Drain until idle, then exit.")
        parser.add_argument(
            "--idle-sleep",
            type=float,
            default=5.0,
            help="Seconds to wait when nothing is due (default 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            if stop.is_set():
                raise SystemExit(1)
            stop.set()
            self.stderr.write(f"Signal {signum}: stopping after the current pass.")

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        total = delivery.DrainReport()
        try:
            while not stop.is_set():
                close_old_connections()
                report = delivery.drain()
                total.add(report)
                if report.handled:
                    self.stdout.write(
                        f"accepted {report.accepted}, retried {report.retried}, "
                        f"failed {report.failed}, fallbacks {report.fallbacks}"
                    )
                    continue
                if options["once"]:
                    break
                stop.wait(options["idle_sleep"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(
            f"Stopped: {total.accepted} accepted, {total.retried} to retry, {total.failed} failed."
        )
