"""``smartrural outreach_fakes``: the fake providers of the demo (Zalo ZNS and OA, the SMS
gateway, Facebook's Graph API, SMTP) on fixed local ports, until SIGTERM/SIGINT.

Prints the environment that points the adapters at them (``export …`` lines). ``smartrural
demo`` starts the same fakes itself (``outreach.fakes.demo``); this command is for running the
web server and the worker by hand against them.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ...fakes.demo import start_demo_fakes


class Command(BaseCommand):
    help = "Run the fake Zalo, SMS, Facebook and SMTP providers for the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--base-port", type=int, default=8461, help="First of five ports (default 8461)."
        )
        parser.add_argument("--site-url", default="", help="Where receipts go (SITE_URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        fakes = start_demo_fakes(
            host=options["host"],
            base_port=options["base_port"],
            site_url=options["site_url"] or settings.SITE_URL,
        )
        for note in fakes.notes:
            self.stderr.write(note)
        for key, value in fakes.env.items():
            self.stdout.write(f"export {key}='{value}'")
        self.stdout.flush()
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_signal)
        while not stop.wait(1):
            pass
        fakes.stop()
