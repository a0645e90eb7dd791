"""Pages of criteria sets: the list, one set with its thresholds and versions, and the
province office's variant work (derive a variant, set a threshold, import a set file)."""

from __future__ import annotations

from .imports import set_import
from .pages import set_detail, set_list
from .variant import set_derive, set_threshold

__all__ = ["set_derive", "set_detail", "set_import", "set_list", "set_threshold"]
