"""Create an Open311 application and print its key: ``smartrural open311_key_create NAME``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartrural.feedback.open311.keys import open311_client_create


class Command(BaseCommand):
    help = "Create an Open311 application allowed to post reports; prints its key (only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--contact", default="", help="Who answers for the application.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client, raw = open311_client_create(
                name=options["name"], contact=options["contact"], by=None
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(_("Created %(name)s; its key (shown only now):") % {"name": client.name})
        self.stdout.write(raw)
