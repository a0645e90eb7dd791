"""``smartrural units_import FILE``: import administrative units from CSV, all or nothing."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartrural.geo.importer import UNIT_COLUMNS, ImportFailed, import_units


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
        try:
            result = import_units(options["file"], is_demo=options["demo"])
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {options['file']}") from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Not a UTF-8 CSV file: {exc}") from exc
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(exc.errors)} problem(s).") from exc
        self.stdout.write(f"Created: {result.created}, unchanged: {result.unchanged}")
