"""The fake providers of ``make demo`` on fixed local ports, and the settings that point the
adapters at them (as environment variables for the web server and the worker).

Used by ``smartrural demo`` (in its own process, beside the web server and the worker it
supervises) and by ``smartrural outreach_fakes``. Every fake sends its delivery receipts to the
site's webhooks as the real provider would (signed), so a notice sent in the demo goes out,
comes back delivered, and shows in the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from .facebook import FakeGraph
from .server import FakeServer
from .sms import FakeSmsGateway
from .zalo import FakeZaloOa, FakeZns

DEMO_PAGE = "1234567890"  # the demo's Facebook page id
SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"  # as eSMS's
ZALO_TOKEN = "demo-zalo-token"  # noqa: S105 (a fake's own)
ZALO_APP = "demo-app"
ZALO_SECRET = "demo-oa-secret"  # noqa: S105


class Stoppable(Protocol):
    def stop(self) -> None: ...


@dataclass
class DemoFakes:
    running: list[Stoppable] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        for fake in self.running:
            fake.stop()


def start_demo_fakes(*, host: str, base_port: int, site_url: str) -> DemoFakes:
    """Start the fakes on ``base_port`` … ``base_port + 4`` (0: any free ports); receipts go to
    ``site_url``."""
    site = site_url.rstrip("/")

    def port(offset: int) -> int:
        return base_port + offset if base_port else 0

    fakes = DemoFakes()
    sms = FakeSmsGateway(inbound_url=f"{site}/outreach/hooks/sms/inbound/", auto_receipts=True)
    server = FakeServer(sms, host=host, port=port(0)).start()
    fakes.running.append(server)
    fakes.env |= {
        "OUTREACH_SMS_URL": server.url + SEND_PATH,
        "OUTREACH_SMS_API_KEY": sms.api_key,
        "OUTREACH_SMS_SECRET": sms.secret_key,
        "OUTREACH_SMS_BRANDNAME": next(iter(sms.brandnames)),
        "OUTREACH_SMS_CALLBACK_SECRET": sms.callback_secret,
    }
    graph = FakeGraph({DEMO_PAGE: "fake-page-token"})
    server = FakeServer(graph, host=host, port=port(1)).start()
    fakes.running.append(server)
    fakes.env |= {
        "OUTREACH_FACEBOOK_URL": server.url,
        "OUTREACH_FACEBOOK_PAGE_TOKENS": json.dumps(graph.tokens),
    }
    zalo: dict[str, Any] = {
        "access_token": ZALO_TOKEN,
        "app_id": ZALO_APP,
        "oa_secret": ZALO_SECRET,
        "callback_url": f"{site}/outreach/hooks/zalo/",
        "receipt_delay": 1.0,
    }
    zns = FakeServer(FakeZns(**zalo), host=host, port=port(2)).start()
    oa = FakeServer(FakeZaloOa(**zalo), host=host, port=port(3)).start()
    fakes.running += [zns, oa]
    fakes.env |= {
        "OUTREACH_ZNS_URL": zns.url,
        "OUTREACH_ZALO_OA_URL": oa.url,
        "OUTREACH_ZALO_ACCESS_TOKEN": ZALO_TOKEN,
        "OUTREACH_ZALO_APP_ID": ZALO_APP,
        "OUTREACH_ZALO_OA_SECRET": ZALO_SECRET,
    }
    try:
        from .smtp import FakeSmtp  # local: aiosmtpd is a development dependency
    except ImportError:
        fakes.notes.append("aiosmtpd is not installed: no fake SMTP server (e-mail).")
    else:
        smtp = FakeSmtp(port=port(4)).start()
        fakes.running.append(smtp)
        fakes.env |= {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "false",
        }
    return fakes
