"""The Zalo adapters over real HTTP against the fake Zalo servers on 127.0.0.1."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import httpx
import pytest

from ..channels import zalo
from ..channels.base import Accepted, Outgoing, Permanent, Transient
from ..channels.zalo import (
    OA_PERMANENT,
    OA_TRANSIENT,
    ZNS_PERMANENT,
    ZNS_TRANSIENT,
    ZaloOaAdapter,
    ZnsAdapter,
)
from ..fakes.server import FakeServer
from ..fakes.zalo import FakeZaloOa, FakeZns

TOKEN = "oa-access-token-1"


@pytest.fixture(autouse=True)
def token(settings: Any) -> None:
    settings.OUTREACH_ZALO_ACCESS_TOKEN = TOKEN


@pytest.fixture(scope="module")
def zns_server() -> Iterator[tuple[FakeZns, str]]:
    fake = FakeZns(access_token=TOKEN)
    with FakeServer(fake) as server:
        yield fake, server.url


@pytest.fixture(scope="module")
def oa_server() -> Iterator[tuple[FakeZaloOa, str]]:
    fake = FakeZaloOa(access_token=TOKEN)
    with FakeServer(fake) as server:
        yield fake, server.url


@pytest.fixture
def zns(zns_server: tuple[FakeZns, str], settings: Any) -> Iterator[tuple[FakeZns, ZnsAdapter]]:
    fake, url = zns_server
    fake.reset()
    settings.OUTREACH_ZNS_URL = url
    settings.OUTREACH_ZALO_ACCESS_TOKEN = TOKEN
    adapter = ZnsAdapter()
    yield fake, adapter
    adapter.close()


@pytest.fixture
def oa(
    oa_server: tuple[FakeZaloOa, str], settings: Any
) -> Iterator[tuple[FakeZaloOa, ZaloOaAdapter]]:
    fake, url = oa_server
    fake.reset()
    settings.OUTREACH_ZALO_OA_URL = url
    settings.OUTREACH_ZALO_ACCESS_TOKEN = TOKEN
    adapter = ZaloOaAdapter()
    yield fake, adapter
    adapter.close()


def zns_message(phone: str = "84912345678", **fields: Any) -> Outgoing:
    values: dict[str, Any] = {
        "uid": str(uuid.uuid4()),
        "channel": "zns",
        "address": phone,
        "subject": "",
        "body": "Kính gửi Ông Ba, xã thông báo: lịch cắt điện thứ Bảy.",
        "template_ref": "248079",
        "params": {"ten": "Ông Ba", "noi_dung": "lịch cắt điện thứ Bảy"},
        **fields,
    }
    return Outgoing(**values)


def oa_message(user_id: str = "4368496045530124700", body: str = "Thông báo của xã") -> Outgoing:
    return Outgoing(
        uid=str(uuid.uuid4()), channel="zalo_oa", address=user_id, subject="", body=body
    )


class ZnsAdapterTests:
    def test_it_posts_the_documented_request(self, zns: tuple[FakeZns, ZnsAdapter]) -> None:
        fake, adapter = zns
        message = zns_message()
        adapter.send(message)
        assert fake.requests == [
            {
                "access_token": TOKEN,
                "body": {
                    "phone": "84912345678",
                    "template_id": "248079",
                    "template_data": {"ten": "Ông Ba", "noi_dung": "lịch cắt điện thứ Bảy"},
                    "tracking_id": message.uid,
                },
            }
        ]

    def test_an_accepted_message_carries_zalos_id_and_the_price(
        self, zns: tuple[FakeZns, ZnsAdapter], settings: Any
    ) -> None:
        fake, adapter = zns
        result = adapter.send(zns_message())
        assert result == Accepted(
            provider_id=fake.accepted[0]["msg_id"], cost=Decimal(settings.OUTREACH_COSTS["zns"])
        )

    def test_a_resend_of_the_same_uid_is_not_a_second_message(
        self, zns: tuple[FakeZns, ZnsAdapter]
    ) -> None:
        fake, adapter = zns
        message = zns_message()
        first = adapter.send(message)
        again = adapter.send(message)
        assert isinstance(first, Accepted)
        assert again == first
        assert len(fake.accepted) == 1
        assert len(fake.requests) == 2
        other = adapter.send(zns_message())
        assert isinstance(other, Accepted) and other.provider_id != first.provider_id
        assert len(fake.accepted) == 2

    @pytest.mark.parametrize(
        ("script", "expected"),
        [
            (-118, Permanent("not_on_zalo", "-118: Zalo account not existed")),
            (-108, Permanent("phone_invalid", "-108: Phone number invalid")),
            (-117, Permanent("template_forbidden", "-117: OA or App does not have")),
            (-114, Permanent("user_rejected", "-114: User is inactive")),
            (-115, Transient("quota", "-115: Out of quota")),
            (-100, Transient("unknown", "-100: Unknown error")),
            (-124, Transient("token", "-124: Access token invalid")),
            (-220, Transient("token", "-220:")),
            (-137, Transient("quota", "-137:")),
            (-144, Transient("quota", "-144:")),
            (-135, Transient("config", "-135:")),
            (-133, Transient("night", "-133:")),
            (-134, Permanent("user_not_opted_in", "-134:")),
            (-140, Permanent("user_not_allowed", "-140:")),
            (-146, Permanent("template_disabled", "-146:")),
            (-1121, Permanent("template_data_invalid", "-1121:")),
            (-999, Transient("zalo_-999", "-999: Error")),
            (503, Transient("http_503", "Service Unavailable")),
            (500, Transient("http_500", "Internal Server Error")),
        ],
    )
    def test_each_refusal_maps_to_its_class_and_code(
        self, zns: tuple[FakeZns, ZnsAdapter], script: int, expected: Transient | Permanent
    ) -> None:
        fake, adapter = zns
        fake.set_script({"84912345678": [script]})
        result = adapter.send(zns_message())
        assert type(result) is type(expected)
        assert isinstance(result, Transient | Permanent)
        assert result.code == expected.code
        assert result.detail.startswith(expected.detail)
        assert fake.accepted == []

    def test_a_rate_limit_says_when_to_come_back(self, zns: tuple[FakeZns, ZnsAdapter]) -> None:
        fake, adapter = zns
        fake.set_script({"84912345678": [429, 0]})
        assert adapter.send(zns_message()) == Transient(
            code="http_429", detail="Too many requests", retry_after=7.0
        )

    def test_a_failure_then_success_on_the_next_attempt(
        self, zns: tuple[FakeZns, ZnsAdapter]
    ) -> None:
        fake, adapter = zns
        fake.set_script({"84912345678": [503]})
        message = zns_message()
        assert isinstance(adapter.send(message), Transient)
        fake.set_script({})
        assert isinstance(adapter.send(message), Accepted)
        assert len(fake.accepted) == 1

    def test_a_wrong_token_is_a_transient_token_error(
        self, zns_server: tuple[FakeZns, str], settings: Any
    ) -> None:
        fake, url = zns_server
        fake.reset()
        settings.OUTREACH_ZNS_URL = url
        settings.OUTREACH_ZALO_ACCESS_TOKEN = "expired"
        adapter = ZnsAdapter()
        try:
            result = adapter.send(zns_message())
        finally:
            adapter.close()
        assert isinstance(result, Transient) and result.code == "token"
        assert fake.requests[0]["access_token"] == "expired"
        assert fake.accepted == []

    def test_no_template_is_refused_before_calling(self, zns: tuple[FakeZns, ZnsAdapter]) -> None:
        fake, adapter = zns
        assert adapter.send(zns_message(template_ref="")) == Permanent(
            code="no_template", detail="ZNS needs an approved template id."
        )
        assert fake.requests == []

    def test_a_closed_port_is_a_transient_network_error(self, settings: Any) -> None:
        with FakeServer(FakeZns()) as server:
            url = server.url
        settings.OUTREACH_ZNS_URL = url  # nobody listens there any more
        adapter = ZnsAdapter()
        try:
            result = adapter.send(zns_message())
        finally:
            adapter.close()
        assert isinstance(result, Transient) and result.code == "network"

    def test_a_slow_server_is_a_transient_timeout(
        self, settings: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def slow(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            time.sleep(1)
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"error": 0}']

        monkeypatch.setattr(zalo, "TIMEOUT", httpx.Timeout(0.2))
        with FakeServer(slow) as server:
            settings.OUTREACH_ZNS_URL = server.url
            adapter = ZnsAdapter()
            try:
                result = adapter.send(zns_message())
            finally:
                adapter.close()
        assert isinstance(result, Transient) and result.code == "timeout"

    def test_an_answer_that_is_not_zalos_is_transient(self, settings: Any) -> None:
        def proxy(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"<h1>Not found</h1>"]

        with FakeServer(proxy) as server:
            settings.OUTREACH_ZNS_URL = server.url
            adapter = ZnsAdapter()
            try:
                result = adapter.send(zns_message())
            finally:
                adapter.close()
        assert result == Transient(code="http_404", detail="Not a Zalo answer")

    def test_one_adapter_serves_many_threads(self, zns: tuple[FakeZns, ZnsAdapter]) -> None:
        fake, adapter = zns
        messages = [zns_message(phone=f"8491234{n:04d}") for n in range(24)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(adapter.send, messages))
        assert all(isinstance(result, Accepted) for result in results)
        assert len({r.provider_id for r in results if isinstance(r, Accepted)}) == 24
        assert sorted(a["tracking_id"] for a in fake.accepted) == sorted(m.uid for m in messages)


class ZaloOaAdapterTests:
    def test_it_posts_the_documented_request(self, oa: tuple[FakeZaloOa, ZaloOaAdapter]) -> None:
        fake, adapter = oa
        result = adapter.send(oa_message(body="  Thông báo: họp dân 19 giờ.  "))
        assert fake.requests == [
            {
                "access_token": TOKEN,
                "body": {
                    "recipient": {"user_id": "4368496045530124700"},
                    "message": {"text": "Thông báo: họp dân 19 giờ."},
                },
            }
        ]
        assert result == Accepted(provider_id=fake.accepted[0]["message_id"], cost=None)

    def test_outside_the_interaction_window_is_permanent(
        self, oa: tuple[FakeZaloOa, ZaloOaAdapter]
    ) -> None:
        fake, adapter = oa
        fake.set_script({"4368496045530124700": [-230]})
        result = adapter.send(oa_message())
        assert isinstance(result, Permanent) and result.code == "outside_window"
        fake.set_script({"4368496045530124700": [-213]})
        result = adapter.send(oa_message())
        assert isinstance(result, Permanent) and result.code == "not_follower"

    @pytest.mark.parametrize(
        ("script", "kind", "code"),
        [
            (-216, Transient, "token"),
            (-220, Transient, "token"),
            (-234, Transient, "night"),
            (-204, Transient, "config"),
            (-32, Transient, "rate_limit"),
            (-227, Permanent, "user_inactive"),
            (-201, Permanent, "params_invalid"),
            (502, Transient, "http_502"),
        ],
    )
    def test_each_refusal_maps_to_its_class_and_code(
        self,
        oa: tuple[FakeZaloOa, ZaloOaAdapter],
        script: int,
        kind: type[Transient] | type[Permanent],
        code: str,
    ) -> None:
        fake, adapter = oa
        fake.set_script({"4368496045530124700": [script]})
        result = adapter.send(oa_message())
        assert isinstance(result, kind)
        assert isinstance(result, Transient | Permanent) and result.code == code

    def test_the_text_limit_is_checked_before_calling(
        self, oa: tuple[FakeZaloOa, ZaloOaAdapter]
    ) -> None:
        fake, adapter = oa
        result = adapter.send(oa_message(body="a" * 2001))
        assert isinstance(result, Permanent) and result.code == "too_long"
        assert fake.requests == []
        assert isinstance(adapter.send(oa_message(body="ă" * 2000)), Accepted)
        assert len(fake.accepted[0]["text"]) == 2000

    def test_a_resend_is_a_second_message(self, oa: tuple[FakeZaloOa, ZaloOaAdapter]) -> None:
        # No dedupe key on the OA: why the adapter says idempotent = False.
        fake, adapter = oa
        message = oa_message()
        adapter.send(message)
        adapter.send(message)
        assert len(fake.accepted) == 2
        assert ZaloOaAdapter.idempotent is False and ZnsAdapter.idempotent is True


class FakeZaloTests:
    """The fakes refuse what Zalo refuses, in Zalo's words."""

    @pytest.mark.parametrize(
        ("body", "error"),
        [
            ({}, -108),
            ({"phone": "0912", "template_id": "1", "template_data": {"a": "b"}}, -108),
            ({"phone": "84912345678", "template_data": {"a": "b"}}, -109),
            ({"phone": "84912345678", "template_id": "1"}, -111),
            ({"phone": "84912345678", "template_id": "1", "template_data": {"a": 1}}, -112),
            ([1, 2], -112),
        ],
    )
    def test_zns_checks_the_body(
        self, zns_server: tuple[FakeZns, str], body: Any, error: int
    ) -> None:
        fake, url = zns_server
        fake.reset()
        answer = httpx.post(f"{url}/message/template", json=body, headers={"access_token": TOKEN})
        assert answer.status_code == 200
        assert answer.json()["error"] == error
        assert fake.accepted == []

    def test_oa_checks_the_token_and_body(self, oa_server: tuple[FakeZaloOa, str]) -> None:
        fake, url = oa_server
        fake.reset()
        send = f"{url}/v3.0/oa/message/cs"
        good = {"recipient": {"user_id": "1"}, "message": {"text": "x"}}
        assert httpx.post(send, json=good).json()["error"] == -216
        missing = {"recipient": {}, "message": {"text": "x"}}
        assert httpx.post(send, json=missing, headers={"access_token": TOKEN}).json() == {
            "error": -201,
            "message": "user_id is invalid!",
        }
        assert fake.accepted == []

    def test_the_inspection_endpoints_and_a_script_over_http(
        self, zns_server: tuple[FakeZns, str]
    ) -> None:
        fake, url = zns_server
        fake.reset()
        assert httpx.post(f"{url}/_fake/script", json={"84900000001": [-118]}).status_code == 200
        body = {"phone": "84900000001", "template_id": "1", "template_data": {"a": "b"}}
        headers = {"access_token": TOKEN}
        assert httpx.post(f"{url}/message/template", json=body, headers=headers).json() == {
            "error": -118,
            "message": "Zalo account not existed",
        }
        body["phone"] = "84900000002"
        httpx.post(f"{url}/message/template", json=body, headers=headers)
        accepted = httpx.get(f"{url}/_fake/accepted").json()
        assert [a["phone"] for a in accepted] == ["84900000002"]
        assert httpx.post(f"{url}/_fake/script", content=b"[").status_code == 400
        httpx.post(f"{url}/_fake/reset")
        assert httpx.get(f"{url}/_fake/accepted").json() == []


class ZaloTokenTests:
    def test_the_token_file_is_read_again_at_each_run(
        self, zns_server: tuple[FakeZns, str], settings: Any, tmp_path: Any
    ) -> None:
        fake, url = zns_server
        fake.reset()
        token_file = tmp_path / "zalo-token"
        token_file.write_text("old-token\n")
        settings.OUTREACH_ZNS_URL = url
        settings.OUTREACH_ZALO_ACCESS_TOKEN = "from-the-environment"
        settings.OUTREACH_ZALO_ACCESS_TOKEN_FILE = str(token_file)
        for token in ("old-token", TOKEN):
            token_file.write_text(f"{token}\n")
            adapter = ZnsAdapter()
            try:
                adapter.send(zns_message())
            finally:
                adapter.close()
        assert [r["access_token"] for r in fake.requests] == ["old-token", TOKEN]
        assert len(fake.accepted) == 1

    def test_no_token_is_a_transient_config_error_without_calling(
        self, zns_server: tuple[FakeZns, str], settings: Any
    ) -> None:
        fake, url = zns_server
        fake.reset()
        settings.OUTREACH_ZNS_URL = url
        settings.OUTREACH_ZALO_ACCESS_TOKEN = ""
        adapter = ZnsAdapter()
        try:
            result = adapter.send(zns_message())
        finally:
            adapter.close()
        assert result == Transient(code="config", detail="No Zalo access token is configured.")
        assert fake.requests == []


def test_no_zalo_code_is_both_transient_and_permanent() -> None:
    assert not set(ZNS_TRANSIENT) & set(ZNS_PERMANENT)
    assert not set(OA_TRANSIENT) & set(OA_PERMANENT)
