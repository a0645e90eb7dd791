"""``smartrural successions_import FILE``: import unit successions from CSV, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartrural.geo.importer import SUCCESSION_COLUMNS, import_successions
from smartrural.geo.management.importing import run_import


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
        run_import(self, options["file"], lambda: import_successions(options["file"]))
