"""Create, list or revoke a user's API tokens: ``smartrural api_token <username>``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from smartrural.accounts.models import ApiToken, User
from smartrural.accounts.tokens import api_token_create, api_token_revoke


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Print a new API token for a user (only the token on stdout); or --list, --revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--list", action="store_true", help="List the user's tokens.")
        group.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with PREFIX.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if options["list"]:
            for token in ApiToken.objects.filter(user=user):
                state = f"revoked {_when(token.revoked_at)}" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.prefix}\t{token.name or '-'}\tcreated {_when(token.created_at)}"
                    f"\tlast used {_when(token.last_used_at)}\t{state}"
                )
            return
        if options["revoke"]:
            prefix = options["revoke"].removeprefix("sr_")
            found = ApiToken.objects.filter(user=user, prefix=prefix).first()
            if found is None:
                raise CommandError(f"{user.username} has no token with prefix {prefix!r}.")
            api_token_revoke(token=found)
            self.stderr.write(f"Revoked {found.prefix}.")
            return
        if not user.is_active:
            raise CommandError(f"{user.username} is deactivated.")
        try:
            _token, raw = api_token_create(user=user, name=options["name"])
        except PermissionDenied as exc:  # a resident
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
