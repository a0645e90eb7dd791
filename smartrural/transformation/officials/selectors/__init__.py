"""Reads of programme officials and training events, always from a scoped queryset.

The "trained in digital transformation" rule (the same as the KPI's): an official counts as
trained in a period when they are active and have a participant row marked attended in an event
with ``digital_transformation=True`` whose ``date`` lies in the period."""

from __future__ import annotations

from .events import (
    attendance_counts,
    event_for_user,
    event_participants,
    events_for_user,
    filter_events,
    with_attendance_counts,
)
from .officials import (
    OFFICIAL_LEVELS,
    filter_officials,
    name_matches,
    official_for_user,
    official_participations,
    officials_for_user,
    unit_q,
    units_for_officials,
)
from .participants import CANDIDATE_LIMIT, candidate_officials, eligible_officials, units_for_event
from .trained import trained_exists, trained_q, trained_summary, with_training_facts, year_bounds

__all__ = [
    "CANDIDATE_LIMIT",
    "OFFICIAL_LEVELS",
    "attendance_counts",
    "candidate_officials",
    "eligible_officials",
    "event_for_user",
    "event_participants",
    "events_for_user",
    "filter_events",
    "filter_officials",
    "name_matches",
    "official_for_user",
    "official_participations",
    "officials_for_user",
    "trained_exists",
    "trained_q",
    "trained_summary",
    "unit_q",
    "units_for_event",
    "units_for_officials",
    "with_attendance_counts",
    "with_training_facts",
    "year_bounds",
]
