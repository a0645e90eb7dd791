"""Work handled on SmartRural by apps above ``transformation`` (a hook, filled in ``ready()``).

Digital transformation counts the work records each unit processed on this platform
(``transformation.work_records.platform.platform_counts``). Recognition dossiers it counts
itself; an app higher in the layers (feedback, …) that handles work for a unit registers a
counter here, and transformation adds its counts without importing the app.

A counter is called as ``counter(start=..., end=..., unit_ids=...)``: ``start`` and ``end`` are
the first days of the first and last month wanted (both included); ``unit_ids`` None means every
unit, else only those units (possibly none). It returns ``{(unit id, first day of month):
count}`` for the months with work only, in Viet Nam's local months, in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Protocol


class PlatformCounter(Protocol):
    def __call__(
        self, *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None
    ) -> Mapping[tuple[int, dt.date], int]: ...


_counters: dict[str, PlatformCounter] = {}


def register_platform_work(name: str, counter: PlatformCounter) -> None:
    """Add (or, under the same ``name``, replace) a source of work handled on the platform."""
    _counters[name] = counter


def platform_work_counters() -> dict[str, PlatformCounter]:
    """The registered counters by name (a copy)."""
    return dict(_counters)
