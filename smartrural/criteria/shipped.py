"""The national criteria sets shipped with the platform as set files (``data/``)."""

from __future__ import annotations

import functools
from pathlib import Path

from .models import cited_legal_basis
from .setfile import parse_set_file

DATA_DIR = Path(__file__).parent / "data"
# In dependency order: a set is imported after the set it requires.
NATIONAL_FILES = ("QD318-XA", "QD318-XA-NC", "QD319-XA-KM", "QD320-HUYEN", "QD51-XA")


@functools.cache
def shipped_set_names() -> dict[str, str]:
    """Code -> "name (legal basis)" of every shipped national set, as ``CriteriaSet.display_name``
    would name it once loaded (for pages that name a set that is not loaded yet)."""
    names: dict[str, str] = {}
    for code in NATIONAL_FILES:
        definition = parse_set_file(DATA_DIR / f"{code}.yaml")
        legal = cited_legal_basis(definition.legal_basis) or code
        names[code] = f"{definition.name} ({legal})"
    return names
