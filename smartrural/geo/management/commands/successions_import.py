"""``smartrural successions_import FILE``: import unit successions from CSV, all or nothing."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartrural.geo.importer import SUCCESSION_COLUMNS, ImportFailed, import_successions


class Command(BaseCommand):
    help = (
        "Import successions (old unit -> new unit) from a UTF-8 CSV file with the header "
        f"{','.join(SUCCESSION_COLUMNS)}. The predecessor is the unit with that code valid the "
        "day before effective_date, the successor the one valid on effective_date. kind is "
        "whole, part or unchanged (also 'Nhập toàn bộ', 'Nhập một phần', 'Giữ nguyên'). "
        "All or nothing; rows already stored are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file to import")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_successions(options["file"])
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {options['file']}") from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Not a UTF-8 CSV file: {exc}") from exc
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(exc.errors)} problem(s).") from exc
        self.stdout.write(f"Created: {result.created}, unchanged: {result.unchanged}")
