"""THE kill test: the worker is SIGKILLed mid-run and started again; every subscriber still gets
exactly one SMS and one e-mail (real processes, a SQLite file, the fake gateway and SMTP server).

300 queued messages (150 subscribers × SMS and e-mail, bulk rows as a campaign writes them) go
to a slowed fake SMS gateway and fake SMTP server. ``smartrural outreach_send`` is killed
(SIGKILL) once some but not all are taken, leaving rows ``sending``; a second worker, with a
two-second lease, takes them again. The providers recognise a resend (RequestId, Message-ID):
each phone has one SMS at the gateway, each address one mail in the mailbox, every row ends
``accepted``. SIGTERM then stops the second worker cleanly (exit 0).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from ..fakes.server import FakeServer
from ..fakes.sms import FakeSmsGateway
from ..fakes.smtp import FakeSmtp

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SUBSCRIBERS = 150
SETUP = """
import django
django.setup()
from django.utils import timezone
from smartrural.outreach.models import Message
from smartrural.outreach.tests import factories
from smartrural.testing import build_personas
hamlet = build_personas().hamlet_a_unit
now = timezone.now()
rows = []
for n in range(%(count)d):
    who = factories.subscriber(
        hamlet, phone=f"8491{n:07d}", email=f"nguoi{n}@example.vn", channels="sms,email",
        name=f"Người nhận {n}",
    )
    for channel, address in (("sms", who.phone), ("email", who.email)):
        rows.append(Message(
            subscriber=who, unit=hamlet, channel=channel, address=address, topic="ntm",
            subject="Thông báo của xã", body=f"Kính gửi Người nhận {n}: họp dân tối thứ Sáu.",
            next_try_at=now,
        ))
Message.objects.bulk_create(rows)
print(len(rows))
"""


def statuses(db: Path) -> Counter[str]:
    with sqlite3.connect(db, timeout=30) as connection:
        return Counter(
            dict(connection.execute("SELECT status, COUNT(*) FROM outreach_message GROUP BY 1"))
        )


def wait_for(what: str, condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_run_sends_each_message_once(tmp_path: Path) -> None:
    db = tmp_path / "outreach.sqlite3"
    gateway = FakeSmsGateway(delay=0.04)
    smtp = FakeSmtp(delay=0.04).start()
    server = FakeServer(gateway).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTRURAL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SMARTRURAL_DEMO="true",
        SMARTRURAL_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{db}",
        OUTREACH_SMS_URL=server.url + "/send",
        OUTREACH_SMS_API_KEY=gateway.api_key,
        OUTREACH_SMS_SECRET=gateway.secret_key,
        OUTREACH_SMS_BRANDNAME="XA-NGAI-XUYEN",
        OUTREACH_SMS_CALLBACK_SECRET=gateway.callback_secret,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_HOST_USER="",
        DEFAULT_FROM_EMAIL="Xã Ngãi Xuyên <thongbao@ngaixuyen.gov.vn>",
        OUTREACH_SMS_RATE="0",
        OUTREACH_EMAIL_RATE="0",
        OUTREACH_SEND_THREADS="4",
        OUTREACH_CLAIM_BATCH="40",
        OUTREACH_LEASE_SECONDS="2",
        OUTREACH_RETRY_BASE_SECONDS="1",
    )
    run: dict[str, Any] = {"env": env, "cwd": settings.BASE_DIR}
    worker = [str(BIN / "smartrural"), "outreach_send", "--idle-sleep", "0.3"]
    try:
        subprocess.run([str(BIN / "smartrural"), "migrate", "-v", "0"], check=True, **run)  # noqa: S603
        made = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP % {"count": SUBSCRIBERS}],
            check=True,
            capture_output=True,
            text=True,
            **run,
        )
        assert made.stdout.strip() == str(2 * SUBSCRIBERS)

        def taken() -> int:
            return len(gateway.accepted) + len(smtp.messages)

        first = subprocess.Popen(worker, start_new_session=True, **run)  # noqa: S603
        try:
            wait_for("some messages taken", lambda: taken() >= 60, 120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        at_kill = statuses(db)
        assert 0 < taken() < 2 * SUBSCRIBERS, "the kill must land mid-run"
        assert at_kill["queued"] + at_kill["sending"] > 0
        assert at_kill["sending"] > 0, f"rows claimed and not recorded: {at_kill}"

        second = subprocess.Popen(  # noqa: S603
            worker, start_new_session=True, stdout=subprocess.PIPE, text=True, **run
        )
        try:
            wait_for(
                "every row settled",
                lambda: statuses(db)["accepted"] == 2 * SUBSCRIBERS,
                120,
            )
        finally:
            second.send_signal(signal.SIGTERM)
            out, _ = second.communicate(timeout=30)
        assert second.returncode == 0, out
        assert "Stopped:" in out
    finally:
        server.stop()
        smtp.stop()

    assert statuses(db) == Counter({"accepted": 2 * SUBSCRIBERS})
    with sqlite3.connect(db) as connection:
        uids = dict(
            connection.execute("SELECT REPLACE(uid, '-', ''), channel FROM outreach_message")
        )
    # One SMS per phone at the gateway, by RequestId (our uid).
    phones = Counter(entry["Phone"] for entry in gateway.accepted.values())
    assert len(phones) == SUBSCRIBERS and set(phones.values()) == {1}
    sms_uids = {key.replace("-", "") for key in gateway.accepted}
    assert sms_uids == {uid for uid, channel in uids.items() if channel == "sms"}
    # One mail per address in the mailbox, by Message-ID (our uid).
    to = Counter(str(mail["To"]) for mail in smtp.messages.values())
    assert len(to) == SUBSCRIBERS and set(to.values()) == {1}
    mail_uids = {key.strip("<>").split("@")[0].replace("-", "") for key in smtp.messages}
    assert mail_uids == {uid for uid, channel in uids.items() if channel == "email"}
    resent = sum(entry["resends"] for entry in gateway.accepted.values()) + sum(
        count - 1 for count in smtp.copies.values()
    )
    print(f"at the kill: {dict(at_kill)}; copies the providers recognised: {resent}")
