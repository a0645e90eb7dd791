"""``smartrural criteria_sets_validate FILE``: check a set file, report every problem."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartrural.criteria.definition import SetDefinition
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import version_required
from smartrural.criteria.setfile import SetFileInvalid, definition_from_json, parse_set_file
from smartrural.criteria.shipped import DATA_DIR
from smartrural.criteria.variants import resolve_variant


def load_checked(path: str) -> SetDefinition:
    """The file's definition; a variant is resolved against its base (stored, else shipped)."""
    try:
        defn = parse_set_file(path)
    except FileNotFoundError as exc:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from exc
    if defn.base is None:
        return defn
    base_set = CriteriaSet.objects.filter(code=defn.base).first()
    if base_set is not None:
        version = version_required(base_set)
        base, number = definition_from_json(version.definition), version.number
    elif (DATA_DIR / f"{defn.base}.yaml").exists():
        base, number = parse_set_file(DATA_DIR / f"{defn.base}.yaml"), None
    else:
        raise SetFileInvalid([_("base: unknown set '%(code)s'") % {"code": defn.base}])
    return resolve_variant(defn, base=base, base_version=number)


class Command(BaseCommand):
    help = (
        "Check a criteria set file (YAML, see docs/criteria-sets.md) and print every problem "
        "with its location; exit status 1 if there is any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="set file to check")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            defn = load_checked(options["file"])
        except SetFileInvalid as exc:
            for problem in exc.problems:
                self.stdout.write(problem)
            raise CommandError(
                _("%(count)s problem(s) found.") % {"count": len(exc.problems)}
            ) from exc
        self.stdout.write(
            _("OK: %(code)s, %(criteria)s criteria, %(indicators)s indicators")
            % {
                "code": defn.code,
                "criteria": len(defn.criteria),
                "indicators": len(defn.indicators()),
            }
        )
