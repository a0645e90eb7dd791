"""``smartrural units_import FILE``: import administrative units from CSV, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartrural.geo.importer import UNIT_COLUMNS, import_units
from smartrural.geo.management.importing import run_import


class Command(BaseCommand):
    help = (
        "Import administrative units from a UTF-8 CSV file with the header "
        f"{','.join(UNIT_COLUMNS)}. Dates are YYYY-MM-DD or dd/mm/yyyy, empty = open. "
        "parent_code is the parent valid on the row's valid_from (or valid_to). Every row is "
        "checked first; on any problem nothing is written and the per-row report is printed. "
        "Rows identical to stored units are skipped, so re-importing is safe. "
        "Successions use the successions_import command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file to import")
        parser.add_argument("--demo", action="store_true", help="mark the units as demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(
            self, options["file"], lambda: import_units(options["file"], is_demo=options["demo"])
        )
