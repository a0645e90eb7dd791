"""The worker command drains what is queued; the demo fakes command starts the fakes on the
ports asked for, prints the environment for them, and stops on SIGTERM."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from smartrural.testing import Personas

from ..channels.memory import MemoryAdapter
from ..models import Message, MessageStatus, Topic
from . import factories

BIN = Path(sys.executable).parent


@pytest.mark.django_db
def test_outreach_send_once_drains_the_queue_and_exits(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between passes the worker closes stale connections; inside the test's transaction that
    # would close the test's own (PostgreSQL), as Django's test client knows too.
    monkeypatch.setattr(
        "smartrural.outreach.management.commands.outreach_send.close_old_connections",
        lambda: None,
    )
    MemoryAdapter.reset()
    who = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", email="a@example.vn")
    for channel, address in (("sms", who.phone), ("email", who.email)):
        Message.objects.create(
            subscriber=who,
            unit=who.hamlet,
            channel=channel,
            address=address,
            topic=Topic.NTM,
            body="Họp dân.",
            next_try_at=timezone.now(),
        )
    out = io.StringIO()
    call_command("outreach_send", "--once", stdout=out)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.ACCEPTED}
    assert "Stopped: 2 accepted, 0 to retry, 0 failed." in out.getvalue()


def test_outreach_fakes_prints_the_environment_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTRURAL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SMARTRURAL_DEMO="true",
        SMARTRURAL_VAR_DIR=str(tmp_path),
    )
    command = [
        str(BIN / "smartrural"),
        "outreach_fakes",
        "--site-url",
        "http://127.0.0.1:9",
        "--base-port",
        "0",  # any free ports
    ]
    fakes = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True
    )
    try:
        exports: dict[str, str] = {}
        assert fakes.stdout is not None
        while "EMAIL_USE_TLS" not in exports:
            line = fakes.stdout.readline()
            assert line, "outreach_fakes ended before printing its environment"
            key, _, value = line.removeprefix("export ").strip().partition("=")
            exports[key] = value.strip("'")
        assert exports["OUTREACH_SMS_URL"].startswith("http://127.0.0.1:")
        assert exports["OUTREACH_ZNS_URL"].startswith("http://127.0.0.1:")
        assert int(exports["EMAIL_PORT"]) > 0
        page, token = next(iter(json.loads(exports["OUTREACH_FACEBOOK_PAGE_TOKENS"]).items()))
        answer = httpx.post(
            f"{exports['OUTREACH_FACEBOOK_URL']}/v23.0/{page}/feed",
            data={"message": "Thử", "access_token": token},
        )
        assert answer.json()["id"].startswith(page)
        sms = httpx.post(
            exports["OUTREACH_SMS_URL"],
            json={
                "ApiKey": exports["OUTREACH_SMS_API_KEY"],
                "SecretKey": exports["OUTREACH_SMS_SECRET"],
                "Brandname": exports["OUTREACH_SMS_BRANDNAME"],
                "SmsType": "2",
                "Phone": "0912345678",
                "Content": "Thử",
                "RequestId": str(uuid.uuid4()),
            },
        )
        assert sms.json()["CodeResult"] == "100"
    finally:
        fakes.send_signal(signal.SIGTERM)
        fakes.wait(20)
    assert fakes.returncode == 0
