"""Writes of officials and trainings (see each module)."""

from __future__ import annotations

from .attendance import participants_set_attendance
from .imports import ImportResult, OfficialRow, RowError, officials_import
from .materials import material_add, material_delete
from .officials import official_create, official_set_active, official_update
from .participants import participant_remove, participants_add, participants_add_unit
from .trainings import training_create, training_delete, training_update

__all__ = [
    "ImportResult",
    "OfficialRow",
    "RowError",
    "material_add",
    "material_delete",
    "official_create",
    "official_set_active",
    "official_update",
    "officials_import",
    "participant_remove",
    "participants_add",
    "participants_add_unit",
    "participants_set_attendance",
    "training_create",
    "training_delete",
    "training_update",
]
