"""Forms of the officials and trainings pages. Forms check the input (numbers, dates,
choices, names with runs of white space made one); the services check what needs the database,
the writer or the day (scope, the event's state, unique officials)."""

from __future__ import annotations

from .common import OFFICIAL_LEVEL_CHOICES, YesNoField, date_widget, parse_active, unit_widget
from .officials import COLUMNS, ImportForm, OfficialFilterForm, OfficialForm, OfficialRowForm
from .participants import (
    AddUnitForm,
    MaterialForm,
    ParticipantAddForm,
    attendance_changes,
    attendance_choices,
    default_attendance,
)
from .trainings import TrainingFilterForm, TrainingForm, training_initial

__all__ = [
    "COLUMNS",
    "OFFICIAL_LEVEL_CHOICES",
    "AddUnitForm",
    "ImportForm",
    "MaterialForm",
    "OfficialFilterForm",
    "OfficialForm",
    "OfficialRowForm",
    "ParticipantAddForm",
    "TrainingFilterForm",
    "TrainingForm",
    "YesNoField",
    "attendance_changes",
    "attendance_choices",
    "date_widget",
    "default_attendance",
    "parse_active",
    "training_initial",
    "unit_widget",
]
