"""Pages of officials and trainings (one module per page group)."""

from __future__ import annotations

from .attendance import participant_attendance
from .imports import official_import, official_import_template
from .materials import material_delete, material_download, material_upload
from .official_form import official_create, official_edit
from .official_state import official_deactivate, official_history, official_reactivate
from .officials import official_detail, official_list
from .participants import participant_add, participant_add_unit, participant_remove
from .training import training_delete, training_detail, training_history
from .training_form import training_create, training_edit
from .trainings import training_list

__all__ = [
    "material_delete",
    "material_download",
    "material_upload",
    "official_create",
    "official_deactivate",
    "official_detail",
    "official_edit",
    "official_history",
    "official_import",
    "official_import_template",
    "official_list",
    "official_reactivate",
    "participant_add",
    "participant_add_unit",
    "participant_attendance",
    "participant_remove",
    "training_create",
    "training_delete",
    "training_detail",
    "training_edit",
    "training_history",
    "training_list",
]
