"""Criteria set files: the JSON form stored in a version, and YAML set files.

``definition_to_json`` / ``definition_from_json`` (jsonform) are the exact round trip used for
``CriteriaSetVersion.definition``. ``parse_set_file`` (parse) validates a YAML set file and
reports every problem with its location at once, raising ``SetFileInvalid``. A provincial
variant file (one with ``base``) is returned unresolved: its ``overrides`` and ``add`` sections
are kept in ``extra["variant"]`` and ``variants.resolve_variant`` applies them to the base set.
"""

from __future__ import annotations

from .indicators import parse_indicator
from .jsonform import definition_from_json, definition_to_json
from .parse import parse_set_file
from .problems import Problems, SetFileInvalid
from .thresholds import parse_thresholds

__all__ = [
    "Problems",
    "SetFileInvalid",
    "definition_from_json",
    "definition_to_json",
    "parse_indicator",
    "parse_set_file",
    "parse_thresholds",
]
