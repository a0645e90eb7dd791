"""What the two import commands share: running an importer and reporting like a command."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartrural.geo.importer import ImportFailed, ImportResult


def run_import(command: BaseCommand, path: str, importer: Callable[[], ImportResult]) -> None:
    try:
        result = importer()
    except FileNotFoundError as exc:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CommandError(_("Not a UTF-8 CSV file: %(error)s") % {"error": exc}) from exc
    except ImportFailed as exc:
        for error in exc.errors:
            command.stderr.write(str(error))
        raise CommandError(
            _("Nothing imported: %(count)s problem(s).") % {"count": len(exc.errors)}
        ) from exc
    command.stdout.write(
        _("Created: %(created)s, unchanged: %(unchanged)s")
        % {"created": result.created, "unchanged": result.unchanged}
    )
