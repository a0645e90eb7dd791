"""Renewing the Zalo OA token against the fake OAuth server, and the adapters picking it up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ..channels.base import Accepted, Outgoing
from ..channels.zalo import ZnsAdapter
from ..channels.zalo_token import ZaloTokenError, zalo_token_refresh
from ..fakes.server import FakeServer
from ..fakes.zalo import FakeZaloOAuth, FakeZns


@pytest.fixture
def oauth(settings: Any, tmp_path: Path) -> Any:
    fake = FakeZaloOAuth(app_id="app-1", app_secret="app-secret-1")
    fake.refresh_tokens.add("refresh-0")
    (tmp_path / "access").write_text("access-0\n")
    (tmp_path / "refresh").write_text("refresh-0\n")
    with FakeServer(fake) as server:
        settings.OUTREACH_ZALO_OAUTH_URL = server.url
        settings.OUTREACH_ZALO_APP_ID = "app-1"
        settings.OUTREACH_ZALO_APP_SECRET = "app-secret-1"
        settings.OUTREACH_ZALO_ACCESS_TOKEN_FILE = str(tmp_path / "access")
        settings.OUTREACH_ZALO_REFRESH_TOKEN_FILE = str(tmp_path / "refresh")
        yield fake


def test_a_refresh_rotates_both_files_and_the_next_run_uses_the_new_token(
    oauth: FakeZaloOAuth, tmp_path: Path, settings: Any
) -> None:
    assert zalo_token_refresh() == 90000
    access = (tmp_path / "access").read_text().strip()
    refresh = (tmp_path / "refresh").read_text().strip()
    assert access == oauth.issued[0]
    assert oauth.refresh_tokens == {refresh}
    assert oct((tmp_path / "access").stat().st_mode & 0o777) == "0o600"
    # The old refresh token worked once; the new one works again.
    assert zalo_token_refresh() == 90000
    assert (tmp_path / "access").read_text().strip() == oauth.issued[1]
    zns = FakeZns(access_token=oauth.issued[1])
    with FakeServer(zns) as server:
        settings.OUTREACH_ZNS_URL = server.url
        adapter = ZnsAdapter()
        try:
            result = adapter.send(
                Outgoing(
                    uid="0b8a0c49-8a38-4e1b-8d3b-3d0f7c7e9d11",
                    channel="zns",
                    address="84912345678",
                    subject="",
                    body="",
                    template_ref="248079",
                    params={"ten": "Ông Ba"},
                )
            )
        finally:
            adapter.close()
    assert isinstance(result, Accepted)


def test_a_refused_refresh_changes_no_file(
    oauth: FakeZaloOAuth, tmp_path: Path, settings: Any
) -> None:
    settings.OUTREACH_ZALO_APP_SECRET = "wrong"
    with pytest.raises(ZaloTokenError, match="-14002"):
        zalo_token_refresh()
    assert (tmp_path / "access").read_text() == "access-0\n"
    assert (tmp_path / "refresh").read_text() == "refresh-0\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["access", "refresh"]


def test_the_command_says_what_is_missing(settings: Any) -> None:
    settings.OUTREACH_ZALO_REFRESH_TOKEN_FILE = ""
    with pytest.raises(CommandError, match="OUTREACH_ZALO_REFRESH_TOKEN_FILE"):
        call_command("outreach_zalo_token")


def test_the_command_renews(oauth: FakeZaloOAuth, capsys: Any) -> None:
    call_command("outreach_zalo_token")
    assert "valid for 90000 seconds" in capsys.readouterr().out
