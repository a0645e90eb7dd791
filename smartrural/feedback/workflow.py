"""The lifecycle of a report: which move is allowed from which status.

    received → accepted → assigned → in progress → resolved → closed
    received or accepted → refused (duplicate · not within our competence · spam)
    accepted, assigned or reopened → resolved directly; resolved or closed → reopened

Reopening is the reporter's (within ``REOPEN_DAYS`` of the resolution); closing is the
officer's, or the system's once the reopening period is over.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Status

REOPEN_DAYS = 14

# move -> (statuses it may start from, status it leads to, its label)
MOVES: dict[str, tuple[frozenset[str], str, object]] = {
    "accept": (frozenset({Status.RECEIVED}), Status.ACCEPTED, _("Accept")),
    "refuse": (frozenset({Status.RECEIVED, Status.ACCEPTED}), Status.REFUSED, _("Refuse")),
    "assign": (
        frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED}),
        Status.ASSIGNED,
        _("Assign"),
    ),
    "start": (
        frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED}),
        Status.IN_PROGRESS,
        _("Start work"),
    ),
    "resolve": (
        frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED}),
        Status.RESOLVED,
        _("Mark resolved"),
    ),
    "close": (frozenset({Status.RESOLVED}), Status.CLOSED, _("Close")),
    "reopen": (frozenset({Status.RESOLVED, Status.CLOSED}), Status.REOPENED, _("Reopen")),
}

# Moves an officer makes from the report's page (reopening is the reporter's).
OFFICER_MOVES = ("accept", "refuse", "assign", "start", "resolve", "close")


def allowed(move: str, status: str) -> bool:
    return status in MOVES[move][0]


def target(move: str) -> str:
    return MOVES[move][1]


def moves_from(status: str, *, officer: bool = True) -> list[str]:
    names = OFFICER_MOVES if officer else tuple(MOVES)
    return [name for name in names if allowed(name, status)]
