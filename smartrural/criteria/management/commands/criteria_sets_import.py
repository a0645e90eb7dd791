"""``smartrural criteria_sets_import FILE``: validate a criteria set file, then import it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.criteria.management.commands.criteria_sets_validate import load_checked
from smartrural.criteria.services import criteria_set_import
from smartrural.criteria.setfile import SetFileInvalid, parse_set_file


class Command(BaseCommand):
    help = (
        "Validate a criteria set file and import it, all or nothing: a new set, a new version "
        "if the definition changed, nothing if it is unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="set file to import")
        parser.add_argument("--note", default="", help="note recorded on the new version")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            load_checked(options["file"])  # every problem first, nothing written
            version = criteria_set_import(
                definition=parse_set_file(options["file"]), note=options["note"]
            )
        except SetFileInvalid as exc:
            for problem in exc.problems:
                self.stdout.write(problem)
            raise CommandError(
                _("Nothing imported: %(count)s problem(s).") % {"count": len(exc.problems)}
            ) from exc
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Imported: %(code)s version %(number)s")
            % {"code": version.criteria_set.code, "number": version.number}
        )
