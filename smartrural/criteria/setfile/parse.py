"""Parsing and validating YAML set files (docs/criteria-sets.md), every problem at once.

Each section of the file has its module: the head's shared fields (``fields``), the criteria,
their indicators, the thresholds and their values, and a provincial variant (``variant``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from ..definition import DISTRICT_LEVELS, LEVELS, SetDefinition
from .criteria import parse_criteria
from .fields import parse_legal_basis, parse_period
from .problems import Problems, SetFileInvalid
from .variant import parse_variant

UNIT_LEVELS = ("commune", "district")
TOP_KEYS = (
    "code",
    "name",
    "legal_basis",
    "unit_level",
    "period",
    "awards",
    "requires",
    "notes",
    "criteria",
)


def read_text(text_or_path: str | Path) -> str:
    """A ``Path`` or a one-line string ending in .yaml/.yml is read as a file; else it is text."""
    if isinstance(text_or_path, Path):
        return text_or_path.read_text(encoding="utf-8")
    if "\n" not in text_or_path and text_or_path.strip().endswith((".yaml", ".yml")):
        return Path(text_or_path.strip()).read_text(encoding="utf-8")
    return text_or_path


def parse_set_file(text_or_path: str | Path) -> SetDefinition:
    """Validate a set file into a definition, or raise ``SetFileInvalid`` listing every problem.

    A variant file (with ``base``) is checked as far as possible without its base and returned
    unresolved (``criteria`` empty, its changes in ``extra["variant"]``):
    ``smartrural.criteria.variants.resolve_variant`` turns it into a full definition.
    """
    try:
        data = yaml.safe_load(read_text(text_or_path))
    except yaml.YAMLError as exc:
        raise SetFileInvalid([_("The file is not valid YAML: %(error)s") % {"error": exc}]) from exc
    if not isinstance(data, dict):
        raise SetFileInvalid([_("The file must be a mapping of fields (code, name, criteria…).")])
    p = Problems()
    defn = parse_variant(data, p) if data.get("base") is not None else _parse_set(data, p)
    p.raise_if_any()
    assert defn is not None
    return defn


def _parse_set(data: dict[str, Any], p: Problems) -> SetDefinition | None:
    p.keys(data, "", TOP_KEYS)
    code = p.get(data, "code", "", str)
    name = p.get(data, "name", "", str)
    legal_number, legal_date = parse_legal_basis(data, p)
    unit_level = p.choice(data, "unit_level", "", UNIT_LEVELS)
    period = parse_period(data, p, required=True)
    awards = p.choice(data, "awards", "", LEVELS + DISTRICT_LEVELS)
    requires = p.get(data, "requires", "", str, required=False)
    notes = p.get(data, "notes", "", str, required=False) or ""
    if awards and unit_level and (awards in DISTRICT_LEVELS) != (unit_level == "district"):
        p.add(
            "awards",
            _("'%(value)s' cannot be awarded to a %(level)s unit")
            % {"value": awards, "level": unit_level},
        )
    raw_criteria = p.get(data, "criteria", "", list)
    if raw_criteria == []:
        p.add("criteria", _("at least one criterion is required"))
    criteria = parse_criteria(raw_criteria or [], p, period)
    if criteria and all(c.is_condition for c in criteria):
        p.add("criteria", _("at least one criterion must not be a condition"))
    if p.problems:
        return None
    assert code and name and unit_level and awards and period
    return SetDefinition(
        code=code,
        name=name,
        legal_basis=legal_number or "",
        legal_date=legal_date,
        unit_level=unit_level,
        valid_from_year=period[0],
        valid_to_year=period[1],
        awards=awards,
        requires=requires,
        criteria=tuple(criteria),
        notes=notes,
    )
