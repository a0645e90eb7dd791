from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartrural.core.dates import parse_as_of

from ...services import portal_sync_units


class Command(BaseCommand):
    help = "Create the portals of the units valid on a day (default today); idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="dd/mm/yyyy or yyyy-mm-dd (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = portal_sync_units(as_of=parse_as_of(options["as_of"]))
        self.stdout.write(
            f"created {len(report.created)}, moved {len(report.moved)}, "
            f"updated {len(report.updated)}"
        )
