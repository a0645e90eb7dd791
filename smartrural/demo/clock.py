"""The demo happens at the dates things happened: each step runs with the clock set to its day.

Services read the time themselves (``timezone.now()`` for history, transitions and creation
times; ``core.dates.today()`` for "not in the future" rules), so the demo sets the clock instead
of writing dates into rows afterwards. ``time-machine`` moves every clock of the process
(``datetime``, ``time``) while a step runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE_HOUR = 9


def moment(day: dt.date, hour: int = OFFICE_HOUR, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour``:``minute`` in the province's time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL)


@contextmanager
def at(when: dt.date | dt.datetime, hour: int = OFFICE_HOUR) -> Iterator[None]:
    """Run the block with the clock stopped at ``when`` (a day: at ``hour`` o'clock)."""
    target = when if isinstance(when, dt.datetime) else moment(when, hour)
    with time_machine.travel(target, tick=False):
        yield
