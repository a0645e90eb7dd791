"""Renewing the Zalo OA access token (OAuth v4): a 25-hour access token, a refresh token that
lasts 3 months and works once.

``POST {OUTREACH_ZALO_OAUTH_URL}/v4/oa/access_token`` with the header ``secret_key`` (the app's
secret) and the form ``refresh_token``, ``app_id``, ``grant_type=refresh_token`` answers
``{"access_token", "refresh_token", "expires_in"}`` or ``{"error": <negative>, "error_name",
"error_description"}``. Both tokens live in files (``OUTREACH_ZALO_ACCESS_TOKEN_FILE``,
``OUTREACH_ZALO_REFRESH_TOKEN_FILE``): the adapters read the access token file at every delivery
run, so renewing needs no restart. The new refresh token is written first (the old one no longer
works once Zalo has answered), each file replaced whole (``os.replace``), never half-written.
Run it twice a day (``smartrural outreach_zalo_token``, from cron or a systemd timer).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx
from django.conf import settings

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class ZaloTokenError(Exception):
    """The token could not be renewed; the files are unchanged."""


def _write(path: Path, value: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.write(value + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def zalo_token_refresh() -> int:
    """Renew both tokens into their files; the new access token's lifetime in seconds."""
    access_path = settings.OUTREACH_ZALO_ACCESS_TOKEN_FILE
    refresh_path = settings.OUTREACH_ZALO_REFRESH_TOKEN_FILE
    if not (access_path and refresh_path and settings.OUTREACH_ZALO_APP_SECRET):
        raise ZaloTokenError(
            "Set OUTREACH_ZALO_ACCESS_TOKEN_FILE, OUTREACH_ZALO_REFRESH_TOKEN_FILE and "
            "OUTREACH_ZALO_APP_SECRET to renew the Zalo token."
        )
    try:
        refresh_token = Path(refresh_path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ZaloTokenError(f"Cannot read the refresh token file: {exc.strerror}.") from exc
    if not refresh_token:
        raise ZaloTokenError("The refresh token file is empty.")
    try:
        response = httpx.post(
            f"{(settings.OUTREACH_ZALO_OAUTH_URL or '').rstrip('/')}/v4/oa/access_token",
            headers={"secret_key": settings.OUTREACH_ZALO_APP_SECRET},
            data={
                "refresh_token": refresh_token,
                "app_id": settings.OUTREACH_ZALO_APP_ID,
                "grant_type": "refresh_token",
            },
            timeout=TIMEOUT,
        )
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ZaloTokenError(f"Zalo's OAuth server did not answer: {type(exc).__name__}.") from exc
    if not isinstance(answer, dict) or not answer.get("access_token"):
        error = answer.get("error") if isinstance(answer, dict) else None
        name = answer.get("error_name", "") if isinstance(answer, dict) else ""
        raise ZaloTokenError(f"Zalo refused to renew the token: {error} {name}".strip())
    if answer.get("refresh_token"):
        _write(Path(refresh_path), str(answer["refresh_token"]))
    _write(Path(access_path), str(answer["access_token"]))
    try:
        return int(answer.get("expires_in", 0))
    except (TypeError, ValueError):
        return 0
