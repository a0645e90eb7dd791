"""``smartrural outreach_fakes``: the fake providers for ``make demo``, on fixed local ports.

Starts the fake SMS gateway (eSMS format; delivery receipts sent back to ``--site-url``), the
fake Graph API for page posts, the fake SMTP server (aiosmtpd, a development dependency: skipped
with a note when it is not installed) and every fake listed in ``EXTRA_FAKES`` that exists,
then prints the environment that points the adapters at them, and runs until SIGTERM/SIGINT.

Extension point: a module in ``EXTRA_FAKES`` (e.g. ``fakes/zalo.py``) provides
``demo_server(*, host: str, port: int, site_url: str) -> tuple[Stoppable, dict[str, str]]``:
its fake, started, and the environment variables for its adapter. Its port is ``--extra-port``
plus its index in the list.
"""

from __future__ import annotations

import importlib
import json
import signal
import threading
from types import FrameType
from typing import Any, Protocol

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ...fakes.facebook import FakeGraph
from ...fakes.server import FakeServer
from ...fakes.sms import FakeSmsGateway

EXTRA_FAKES = ["smartrural.outreach.fakes.zalo"]
DEMO_PAGE = "1234567890"
SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"  # as eSMS's


class Stoppable(Protocol):
    def stop(self) -> None: ...


class Command(BaseCommand):
    help = "Run the fake SMS, Facebook, SMTP (and Zalo) providers for the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--sms-port", type=int, default=8461)
        parser.add_argument("--facebook-port", type=int, default=8462)
        parser.add_argument("--smtp-port", type=int, default=8463)
        parser.add_argument("--extra-port", type=int, default=8464)
        parser.add_argument("--site-url", default="", help="Where receipts go (SITE_URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        host, site = options["host"], (options["site_url"] or settings.SITE_URL).rstrip("/")
        running: list[Stoppable] = []
        env: dict[str, str] = {}
        sms = FakeSmsGateway(inbound_url=f"{site}/outreach/hooks/sms/inbound/", auto_receipts=True)
        server = FakeServer(sms, host=host, port=options["sms_port"]).start()
        running.append(server)
        env |= {
            "OUTREACH_SMS_URL": server.url + SEND_PATH,
            "OUTREACH_SMS_API_KEY": sms.api_key,
            "OUTREACH_SMS_SECRET": sms.secret_key,
            "OUTREACH_SMS_BRANDNAME": next(iter(sms.brandnames)),
            "OUTREACH_SMS_CALLBACK_SECRET": sms.callback_secret,
        }
        graph = FakeGraph({DEMO_PAGE: "fake-page-token"})
        server = FakeServer(graph, host=host, port=options["facebook_port"]).start()
        running.append(server)
        env |= {
            "OUTREACH_FACEBOOK_URL": server.url,
            "OUTREACH_FACEBOOK_PAGE_TOKENS": json.dumps(graph.tokens),
        }
        try:
            from ...fakes.smtp import FakeSmtp  # local: aiosmtpd is a dev dependency
        except ImportError:
            self.stderr.write("aiosmtpd is not installed: no fake SMTP server (e-mail).")
        else:
            smtp = FakeSmtp(port=options["smtp_port"]).start()
            running.append(smtp)
            env |= {"EMAIL_HOST": host, "EMAIL_PORT": str(smtp.port), "EMAIL_USE_TLS": "false"}
        for index, name in enumerate(EXTRA_FAKES):
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            fake, extra = module.demo_server(
                host=host, port=options["extra_port"] + index, site_url=site
            )
            running.append(fake)
            env |= extra
        for key, value in env.items():
            self.stdout.write(f"export {key}='{value}'")
        self.stdout.flush()
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_signal)
        while not stop.wait(1):
            pass
        for fake in running:
            fake.stop()
