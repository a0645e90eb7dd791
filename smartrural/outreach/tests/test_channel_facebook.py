"""The Facebook page adapter against the fake Graph API over real HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from ..channels.base import Accepted, Outgoing, Permanent, Transient
from ..channels.facebook import FacebookPageAdapter
from ..fakes.facebook import FakeGraph
from ..fakes.server import FakeServer

PAGE = "1234567890"
TEXT = "Xã Ngãi Xuyên thông báo lịch tiêm phòng cho gia súc tại ấp Chợ ngày 10/12."


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    fake = FakeGraph({PAGE: "page-token"})
    with (
        FakeServer(fake) as server,
        override_settings(
            OUTREACH_FACEBOOK_URL=server.url,
            OUTREACH_FACEBOOK_VERSION="v23.0",
            OUTREACH_FACEBOOK_PAGE_TOKENS={PAGE: "page-token"},
        ),
    ):
        yield fake


def post(page: str = PAGE) -> Any:
    adapter = FacebookPageAdapter()
    try:
        return adapter.send(
            Outgoing(uid=str(uuid.uuid4()), channel="facebook", address=page, subject="", body=TEXT)
        )
    finally:
        adapter.close()


def test_it_posts_the_text_on_the_page_with_its_token(graph: FakeGraph) -> None:
    result = post()
    assert result == Accepted(provider_id=f"{PAGE}_1")
    assert graph.posts == [{"id": f"{PAGE}_1", "page": PAGE, "message": TEXT}]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (4, Transient),
        (17, Transient),
        (32, Transient),
        (613, Transient),
        (368, Transient),
        (190, Permanent),
        (200, Permanent),
        (100, Permanent),
        (506, Permanent),
        (999, Transient),
    ],
)
def test_graph_errors_map_to_results(graph: FakeGraph, code: int, kind: Any) -> None:
    graph.script[PAGE] = [code]
    result = post()
    assert isinstance(result, kind)
    assert result.code == str(code)
    assert not graph.posts


def test_a_wrong_token_is_permanent_with_the_subcode(graph: FakeGraph) -> None:
    with override_settings(OUTREACH_FACEBOOK_PAGE_TOKENS={PAGE: "expired"}):
        result = post()
    assert isinstance(result, Permanent) and result.code == "190/463"
    assert "OAuthException" in result.detail


def test_a_page_without_a_token_is_permanent_and_nothing_is_sent(graph: FakeGraph) -> None:
    result = post("999")
    assert isinstance(result, Permanent) and result.code == "no_token"


def test_graph_unreachable_is_transient() -> None:
    with override_settings(
        OUTREACH_FACEBOOK_URL="http://127.0.0.1:9", OUTREACH_FACEBOOK_PAGE_TOKENS={PAGE: "t"}
    ):
        result = post()
    assert isinstance(result, Transient) and result.code == "network"
