"""The e-mail adapter against a real SMTP server (aiosmtpd on loopback): the mail it writes,
one connection reused, reconnecting after a drop, refusals mapped, a resend kept once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.test import override_settings

from ..channels.base import Accepted, Outgoing, Permanent, Transient
from ..channels.email import EmailAdapter
from ..fakes.smtp import FakeSmtp, free_port

BODY = "Kính gửi ông Trần Văn Tư: xã Ngãi Xuyên họp dân tối thứ Sáu tại nhà văn hóa ấp Chợ."
SUBJECT = "Thông báo của Xã Ngãi Xuyên"


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    with (
        FakeSmtp() as server,
        override_settings(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            EMAIL_HOST_USER="",
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=5,
            DEFAULT_FROM_EMAIL="Xã Ngãi Xuyên <thongbao@ngaixuyen.gov.vn>",
        ),
    ):
        yield server


def outgoing(address: str = "tu.tran@example.vn", unsubscribe: str = "", uid: str = "") -> Outgoing:
    return Outgoing(
        uid=uid or str(uuid.uuid4()),
        channel="email",
        address=address,
        subject=SUBJECT,
        body=BODY,
        unsubscribe_url=unsubscribe,
    )


def test_it_sends_a_utf8_mail_with_our_message_id_and_one_click_unsubscribe(
    smtp: FakeSmtp,
) -> None:
    message = outgoing(unsubscribe="https://smartrural.example/thong-bao/huy/abc/")
    adapter = EmailAdapter()
    result = adapter.send(message)
    adapter.close()
    message_id = f"<{message.uid}@ngaixuyen.gov.vn>"
    assert result == Accepted(provider_id=message_id)
    mail = smtp.messages[message_id]
    assert mail["Subject"] == SUBJECT
    assert mail["To"] == "tu.tran@example.vn"
    assert mail["List-Unsubscribe"] == "<https://smartrural.example/thong-bao/huy/abc/>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_content().strip() == BODY
    assert smtp.recipients[message_id] == ["tu.tran@example.vn"]


def test_without_a_subscriber_there_is_no_unsubscribe_header(smtp: FakeSmtp) -> None:
    message = outgoing()
    adapter = EmailAdapter()
    adapter.send(message)
    adapter.close()
    [mail] = smtp.messages.values()
    assert "List-Unsubscribe" not in mail


def test_the_message_id_falls_back_to_the_site_domain(smtp: FakeSmtp) -> None:
    with override_settings(DEFAULT_FROM_EMAIL="SmartRural", SITE_URL="https://xa.example.vn"):
        adapter = EmailAdapter()
        result = adapter.send(message := outgoing())
        adapter.close()
    assert isinstance(result, Accepted)
    assert result.provider_id == f"<{message.uid}@xa.example.vn>"


def test_a_resend_is_one_mail_in_the_mailbox(smtp: FakeSmtp) -> None:
    message = outgoing()
    adapter = EmailAdapter()
    assert isinstance(adapter.send(message), Accepted)
    assert isinstance(adapter.send(message), Accepted)
    adapter.close()
    assert len(smtp.messages) == 1
    assert smtp.received == 2


def test_one_connection_serves_many_messages_and_reconnects_after_a_drop(smtp: FakeSmtp) -> None:
    adapter = EmailAdapter()
    for _ in range(3):
        assert isinstance(adapter.send(outgoing()), Accepted)
    assert len(adapter.connections) == 1
    # The server goes away and comes back (a restart, an idle timeout): the next send reconnects.
    smtp.stop()
    again = FakeSmtp(port=smtp.port).start()
    try:
        assert isinstance(adapter.send(outgoing()), Accepted)
        assert len(again.messages) == 1
        assert len(adapter.connections) == 2
    finally:
        adapter.close()
        again.stop()
        smtp.controller = FakeSmtp().controller  # the fixture's stop() needs a running one
        smtp.controller.start()


def test_a_refused_recipient_is_permanent_with_the_smtp_code(smtp: FakeSmtp) -> None:
    smtp.refuse["nobody@example.vn"] = "550 5.1.1 No such user"
    adapter = EmailAdapter()
    result = adapter.send(outgoing("nobody@example.vn"))
    # The connection is still good for the next one.
    follow = adapter.send(outgoing())
    adapter.close()
    assert isinstance(result, Permanent)
    assert result.code == "smtp_550"
    assert "No such user" in result.detail
    assert isinstance(follow, Accepted)


def test_a_temporary_refusal_is_transient(smtp: FakeSmtp) -> None:
    smtp.refuse["busy@example.vn"] = "451 4.3.0 Try again later"
    adapter = EmailAdapter()
    result = adapter.send(outgoing("busy@example.vn"))
    adapter.close()
    assert isinstance(result, Transient) and result.code == "smtp_451"


def test_no_server_is_transient() -> None:
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=free_port(), EMAIL_TIMEOUT=2):
        adapter = EmailAdapter()
        result = adapter.send(outgoing())
        adapter.close()
    assert isinstance(result, Transient) and result.code == "connection"


def test_a_long_unsubscribe_url_stays_one_url_and_the_sender_name_reads_back(
    smtp: FakeSmtp,
) -> None:
    # A real link is longer than a header line's 78 characters: it must not be folded into
    # encoded words (no mail client reads those as a URL).
    link = "https://smartrural.example.gov.vn/thong-bao/huy/" + "t" * 64 + "/"
    message = outgoing(unsubscribe=link)
    adapter = EmailAdapter()
    adapter.send(message)
    adapter.close()
    [mail] = smtp.messages.values()
    assert mail["List-Unsubscribe"] == f"<{link}>"
    assert str(mail["From"]) == "Xã Ngãi Xuyên <thongbao@ngaixuyen.gov.vn>"
    assert mail.get_content_charset() == "utf-8"


def test_a_line_break_in_a_header_field_is_refused_for_good(smtp: FakeSmtp) -> None:
    adapter = EmailAdapter()
    injected = Outgoing(
        uid=str(uuid.uuid4()),
        channel="email",
        address="tu.tran@example.vn",
        subject="Thông báo\r\nBcc: ai@example.vn",
        body=BODY,
    )
    result = adapter.send(injected)
    adapter.close()
    assert isinstance(result, Permanent) and result.code == "bad_header"
    assert smtp.received == 0


def test_one_adapter_serves_many_threads_with_a_connection_each(smtp: FakeSmtp) -> None:
    from concurrent.futures import ThreadPoolExecutor

    adapter = EmailAdapter()
    messages = [outgoing(f"nguoi{n}@example.vn") for n in range(40)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(adapter.send, messages))
    opened = len(adapter.connections)
    adapter.close()
    assert all(isinstance(result, Accepted) for result in results)
    assert len(smtp.messages) == 40
    assert 1 <= opened <= 4  # one per sending thread, kept open from message to message
