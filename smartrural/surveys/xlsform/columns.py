"""What the XLSForm reader and writer agree on.

XLSForm lets a workbook carry columns of its own (ODK and KoboToolbox keep and ignore them);
SmartRural uses two:

- ``smartrural_content`` on the *survey* sheet: the NTM content a question asks about (a
  criterion number of the survey's set). On a ``begin_group`` row it applies to every question
  of the group that does not name its own.
- ``smartrural_satisfied`` on the *choices* sheet: ``yes`` for an answer of a satisfaction
  scale that counts as satisfied, ``no`` for one that does not.

Labels and hints are read in Vietnamese: from ``label::Vietnamese (vi)`` (KoboToolbox's way),
``label::vi`` or any language named Vietnamese, else the form's ``default_language``, else the
plain ``label`` column, else the first language the form has. They are written as
``label::Vietnamese (vi)``.
"""

from __future__ import annotations

CONTENT_COLUMN = "smartrural_content"
SATISFIED_COLUMN = "smartrural_satisfied"
LANGUAGE = "Vietnamese (vi)"

# What the required column and smartrural_satisfied may hold (lowercased); anything else is an
# expression we cannot honour.
YES = frozenset({"yes", "true", "true()", "1", "có"})
NO = frozenset({"", "no", "false", "false()", "0", "không"})


def is_vietnamese(language: str) -> bool:
    """Whether a language name of an XLSForm column (``Vietnamese (vi)``, ``vi``, ``Tiếng
    Việt``) stands for Vietnamese."""
    name = language.strip().lower()
    return (
        name in ("vi", "vie", "vietnamese", "tiếng việt")
        or name.endswith("(vi)")
        or name.startswith("vietnamese")
    )


# XLSForm types (as the survey sheet and pyxform's result name them) that a survey skips: what
# the phone records by itself, and calculations.
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "email",
        "audit",
        "calculate",
    }
)
NUMBER_TYPES = frozenset({"integer", "int", "decimal"})
TEXT_TYPES = frozenset({"text", "string"})
SIMPLE_TYPES = frozenset(
    {"begin_group", "end_group", "note", *NUMBER_TYPES, *TEXT_TYPES, *METADATA_TYPES}
)
# Columns whose logic the answer form cannot honour (pyxform's name in its result → the column).
REFUSED_BINDS = {
    "relevant": "relevant",
    "constraint": "constraint",
    "calculate": "calculation",
    "readonly": "read_only",
}
REFUSED_KEYS = ("choice_filter", "trigger")


def known_type(kind: str) -> bool:
    """Whether the type of a survey row (lowercased) is one a survey asks or skips. A choice
    list is not checked here (pyxform does); a list from a file is refused, and so is
    ``or_other`` (it adds a text question shown on a condition)."""
    first = kind.split(" ")[0]
    if first in ("select_one", "select_multiple") or kind.startswith(
        ("select one ", "select all that apply ")
    ):
        return "from file" not in kind and not kind.endswith(" or_other")
    return kind.replace(" ", "_") in SIMPLE_TYPES
