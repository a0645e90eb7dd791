"""Residents' and businesses' feedback (phản ánh, kiến nghị).

- ``Category``: the province's configurable tree of what may be reported (roads and bridges,
  irrigation, …), each with the level and role that handle it, its deadline in working days and
  the extra questions it asks (Open311 attributes).
- ``Report``: one piece of feedback, from the form, an officer entering it on a resident's
  behalf, or an Open311 client. Its public number is its primary key (Open311
  ``service_request_id``); its tracking code is a secret given to the reporter only (stored as a
  hash). Personal data (name, phone, e-mail) never leaves the officers' pages.
- ``ReportEvent``: everything that happens to a report, in order — status changes with their
  public reply, internal notes (never public), reassignments, escalations, moderation, ratings,
  reopenings, "me too". The public timeline is the public part of it; officers see all of it.
- ``ReportPhoto``: photos of the report or of a reply, stored only after the EXIF data was
  stripped; a moderator may redact (a blurred public copy, the original for officers only) or
  remove one.
- ``Supporter``: one "me too" per person (a keyed hash of their address or phone).
"""

from __future__ import annotations

from ..open311.models import Open311Client
from .categories import Category, Level
from .events import EventKind, PhotoState, ReportEvent, ReportPhoto, Supporter, photo_path
from .notifications import Notification, NotificationStatus, TrackingMiss
from .reports import (
    DESCRIPTION_MAX_CHARS,
    DONE_STATUSES,
    MAX_PHOTOS,
    MAX_RATING,
    OFFICER_CHANNELS,
    OPEN_STATUSES,
    REPLY_MAX_CHARS,
    Channel,
    Refusal,
    Report,
    Status,
)

__all__ = [
    "DESCRIPTION_MAX_CHARS",
    "DONE_STATUSES",
    "MAX_PHOTOS",
    "MAX_RATING",
    "OFFICER_CHANNELS",
    "OPEN_STATUSES",
    "REPLY_MAX_CHARS",
    "Category",
    "Channel",
    "EventKind",
    "Level",
    "Notification",
    "NotificationStatus",
    "Open311Client",
    "PhotoState",
    "Refusal",
    "Report",
    "ReportEvent",
    "ReportPhoto",
    "Status",
    "Supporter",
    "TrackingMiss",
    "photo_path",
]
