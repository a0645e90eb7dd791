"""THE kill test: the worker is SIGKILLed mid-run and started again; every subscriber still gets
exactly one SMS and one e-mail (real processes, the fake gateway and SMTP server).

300 queued messages (150 subscribers × SMS and e-mail, bulk rows as a campaign writes them) go
to a slowed fake SMS gateway and fake SMTP server. ``smartrural outreach_send`` is killed
(SIGKILL) once some but not all are taken, leaving rows ``sending``; a second worker, with a
two-second lease, takes them again. The providers recognise a resend (RequestId, Message-ID):
each phone has one SMS at the gateway, each address one mail in the mailbox, every row ends
``accepted``. SIGTERM then stops the second worker cleanly (exit 0).

The workers use a database the test run has already migrated (no ``migrate`` in the test: that
took minutes on a loaded machine): on SQLite the test database is in memory, so the rows are
written there and the whole database copied to a file with SQLite's backup API (milliseconds);
on PostgreSQL the workers connect to the test database itself (a transactional test: the rows
are committed, the workers see them, pytest-django empties the tables afterwards) and claim
with PostgreSQL's row locks, as in production.
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
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from smartrural.testing import build_personas

from ..fakes.server import FakeServer
from ..fakes.sms import FakeSmsGateway
from ..fakes.smtp import FakeSmtp
from ..models import Message
from . import factories

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SUBSCRIBERS = 150


def queue_messages(count: int) -> int:
    """``count`` subscribers of Ấp Chợ with an SMS and an e-mail each, queued (committed)."""
    hamlet = build_personas().hamlet_a_unit
    now = timezone.now()
    rows = []
    for n in range(count):
        who = factories.subscriber(
            hamlet,
            phone=f"8491{n:07d}",
            email=f"nguoi{n}@example.vn",
            channels="sms,email",
            name=f"Người nhận {n}",
        )
        for channel, address in (("sms", who.phone), ("email", who.email)):
            rows.append(
                Message(
                    subscriber=who,
                    unit=hamlet,
                    channel=channel,
                    address=address,
                    topic="ntm",
                    subject="Thông báo của xã",
                    body=f"Kính gửi Người nhận {n}: họp dân tối thứ Sáu.",
                    next_try_at=now,
                )
            )
    return len(Message.objects.bulk_create(rows))


class WorkerDatabase:
    """The database the workers use, and the test's reads of it while they run."""

    def __init__(self, tmp_path: Path) -> None:
        self.file: Path | None = None
        if connection.vendor == "sqlite":
            # The test database lives in this process's memory: hand the workers a copy.
            self.file = tmp_path / "outreach.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            self.url = f"sqlite:///{self.file}"
        else:
            # The test database (its ``test_`` name), with the options of DATABASE_URL.
            db = connection.settings_dict
            options = {k: v for k, v in db.get("OPTIONS", {}).items() if isinstance(v, str)}
            self.url = (
                f"postgres://{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
                f"@{db['HOST']}:{db['PORT']}/{quote(db['NAME'], safe='')}"
                + (f"?{urlencode(options)}" if options else "")
            )

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=30) as reader:
                return list(reader.execute(sql))
        with connection.cursor() as cursor:  # autocommit: sees what the workers committed
            cursor.execute(sql)
            return list(cursor.fetchall())

    def statuses(self) -> Counter[str]:
        return Counter(dict(self.rows("SELECT status, COUNT(*) FROM outreach_message GROUP BY 1")))


def wait_for(what: str, condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_sends_each_message_once(tmp_path: Path) -> None:
    assert queue_messages(SUBSCRIBERS) == 2 * SUBSCRIBERS
    db = WorkerDatabase(tmp_path)
    gateway = FakeSmsGateway(delay=0.04)
    smtp = FakeSmtp(delay=0.04).start()
    server = FakeServer(gateway).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTRURAL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SMARTRURAL_DEMO="true",
        SMARTRURAL_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=db.url,
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

    def taken() -> int:
        return len(gateway.accepted) + len(smtp.messages)

    try:
        first = subprocess.Popen(worker, start_new_session=True, **run)  # noqa: S603
        try:
            wait_for("some messages taken", lambda: taken() >= 60, 120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        at_kill = db.statuses()
        assert 0 < taken() < 2 * SUBSCRIBERS, "the kill must land mid-run"
        assert at_kill["queued"] + at_kill["sending"] > 0
        assert at_kill["sending"] > 0, f"rows claimed and not recorded: {at_kill}"

        second = subprocess.Popen(  # noqa: S603
            worker, start_new_session=True, stdout=subprocess.PIPE, text=True, **run
        )
        try:
            wait_for(
                "every row settled",
                lambda: db.statuses()["accepted"] == 2 * SUBSCRIBERS,
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

    assert db.statuses() == Counter({"accepted": 2 * SUBSCRIBERS})
    uids = dict(
        db.rows("SELECT REPLACE(CAST(uid AS TEXT), '-', ''), channel FROM outreach_message")
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
