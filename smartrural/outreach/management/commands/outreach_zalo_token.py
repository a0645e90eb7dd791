"""Renew the Zalo OA access token into its file: ``smartrural outreach_zalo_token``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from smartrural.outreach.channels.zalo_token import ZaloTokenError, zalo_token_refresh


class Command(BaseCommand):
    help = "Renew the Zalo OA access token (OAuth v4 refresh token); run it twice a day."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seconds = zalo_token_refresh()
        except ZaloTokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Zalo access token renewed; valid for {seconds} seconds.")
