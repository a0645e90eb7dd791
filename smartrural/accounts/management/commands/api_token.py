"""Create, list or revoke a user's API tokens: ``smartrural api_token <username>``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
            raise CommandError(
                _('No user named "%(username)s".') % {"username": options["username"]}
            )
        if options["list"]:
            for token in ApiToken.objects.filter(user=user):
                if token.revoked_at:
                    state = _("revoked %(when)s") % {"when": _when(token.revoked_at)}
                else:
                    state = pgettext("api token", "active")
                columns = [
                    token.prefix,
                    token.name or "-",
                    _("created %(when)s") % {"when": _when(token.created_at)},
                    _("last used %(when)s") % {"when": _when(token.last_used_at)}
                    if token.last_used_at
                    else _("never used"),
                    state,
                ]
                self.stdout.write("\t".join(columns))
            return
        if options["revoke"]:
            prefix = options["revoke"].removeprefix("sr_")
            found = ApiToken.objects.filter(user=user, prefix=prefix).first()
            if found is None:
                raise CommandError(
                    _('%(username)s has no token with prefix "%(prefix)s".')
                    % {"username": user.username, "prefix": prefix}
                )
            api_token_revoke(token=found)
            self.stderr.write(_("Revoked %(prefix)s.") % {"prefix": found.prefix})
            return
        if not user.is_active:
            raise CommandError(_("%(username)s is deactivated.") % {"username": user.username})
        try:
            _token, raw = api_token_create(user=user, name=options["name"])
        except PermissionDenied as exc:  # a resident
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
