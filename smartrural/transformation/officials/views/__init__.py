"""Pages of officials and trainings (one module per page group)."""

from __future__ import annotations

from .imports import official_import, official_import_template
from .officials import (
    official_create,
    official_deactivate,
    official_detail,
    official_edit,
    official_history,
    official_list,
    official_reactivate,
)
from .participants import (
    material_delete,
    material_download,
    material_upload,
    participant_add,
    participant_add_unit,
    participant_attendance,
    participant_remove,
)
from .trainings import (
    training_create,
    training_delete,
    training_detail,
    training_edit,
    training_history,
    training_list,
)

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
