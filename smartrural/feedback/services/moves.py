"""Officers move a report through its lifecycle (``feedback.workflow``), each move with the
public reply residents read and, if wanted, an internal note they never read.

Every move checks the report's version (two officers acting on one report at once: the second
gets an edit conflict, not a silent overwrite), that the move is allowed from the current
status, and that the officer may act on the report's responsible unit — the edge's gate already
checked it; the service checks again because the API, the queue's bulk action and the page all
call it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit

from .. import workflow
from ..models import EventKind, Refusal, Report, Status
from ..routing import role_for
from .events import record


def _require_handler(report: Report, by: Actor | None) -> None:
    """The officer must hold the report's responsible unit in their scope (the system, ``by``
    None, always may): the page's gate checked it, but the API and the bulk action call too."""
    if by is not None and not scope_for_user(by).contains(report.responsible_unit):
        raise Forbidden(
            _("This report is handled by %(unit)s now; only its officers act on it.")
            % {"unit": report.responsible_unit.name}
        )


def _move(
    report: Report,
    move: str,
    *,
    version: int | None,
    public_text: str,
    internal_text: str = "",
    changes: dict[str, object] | None = None,
    by: Actor | None,
) -> Report:
    """Check, then apply ``changes`` (fields set with the move) and the new status."""
    changes = changes or {}
    check_version(report, version, sent={**changes, "status": workflow.target(move)})
    _require_handler(report, by)
    if not workflow.allowed(move, report.status):
        raise Conflict(
            _("This report is %(status)s: it cannot be moved that way now.")
            % {"status": report.get_status_display()}
        )
    before = report.status
    now = timezone.now()
    for field, value in changes.items():
        setattr(report, field, value)
    report.status = workflow.target(move)
    report.status_changed_at = now
    if report.status == Status.RESOLVED:
        report.resolved_at = now
    if report.status == Status.CLOSED:
        report.closed_at = now
    report.save()
    record(
        report,
        EventKind.STATUS,
        by=by,
        at=now,
        from_status=before,
        to_status=report.status,
        public_text=public_text,
        internal_text=internal_text,
    )
    return report


@transaction.atomic
def report_accept(
    *, report: Report, version: int | None, public_text: str = "", by: Actor
) -> Report:
    return _move(report, "accept", version=version, public_text=public_text, by=by)


@transaction.atomic
def report_refuse(
    *,
    report: Report,
    version: int | None,
    refusal: str,
    public_text: str,
    refer_to: str = "",
    duplicate_of: Report | None = None,
    by: Actor,
) -> Report:
    """Refuse: a duplicate (of another report, which then counts one more "me too"), not within
    our competence (saying where to go instead), or spam."""
    if refusal == Refusal.DUPLICATE and (duplicate_of is None or duplicate_of.pk == report.pk):
        raise ValidationFailed(_("Name the report this one repeats."), field="duplicate_of")
    if refusal == Refusal.NOT_COMPETENT and not refer_to:
        raise ValidationFailed(_("Tell the reporter where to go instead."), field="refer_to")
    changes: dict[str, object] = {
        "refusal": refusal,
        "refer_to": refer_to if refusal == Refusal.NOT_COMPETENT else "",
        "duplicate_of": duplicate_of if refusal == Refusal.DUPLICATE else None,
    }
    done = _move(report, "refuse", version=version, public_text=public_text, changes=changes, by=by)
    if duplicate_of is not None and refusal == Refusal.DUPLICATE:
        Report.objects.filter(pk=duplicate_of.pk).update(supporters=F("supporters") + 1)
    return done


@transaction.atomic
def report_assign(
    *, report: Report, version: int | None, assignee: Actor, public_text: str = "", by: Actor
) -> Report:
    done = _move(
        report,
        "assign",
        version=version,
        public_text=public_text,
        internal_text=assignee.get_full_name() or assignee.get_username(),
        changes={"assignee": assignee},
        by=by,
    )
    return done


@transaction.atomic
def report_start(
    *, report: Report, version: int | None, public_text: str = "", by: Actor
) -> Report:
    return _move(report, "start", version=version, public_text=public_text, by=by)


@transaction.atomic
def report_resolve(*, report: Report, version: int | None, public_text: str, by: Actor) -> Report:
    if not public_text:
        raise ValidationFailed(_("Tell the reporter what was done."), field="public_text")
    return _move(report, "resolve", version=version, public_text=public_text, by=by)


@transaction.atomic
def report_close(
    *, report: Report, version: int | None, public_text: str = "", by: Actor | None
) -> Report:
    return _move(report, "close", version=version, public_text=public_text, by=by)


@transaction.atomic
def report_reassign(
    *, report: Report, version: int | None, unit: AdministrativeUnit, reason: str, by: Actor
) -> Report:
    """Hand the report to another unit or level, with the reason (internal)."""
    check_version(report, version, sent={"responsible_unit": unit})
    _require_handler(report, by)
    if not report.is_open:
        raise Conflict(_("Only an open report can be handed to another unit."))
    if unit.pk == report.responsible_unit_id:
        raise ValidationFailed(_("The report is already with this unit."), field="unit")
    if not reason:
        raise ValidationFailed(_("Say why the report is handed over."), field="reason")
    before = report.responsible_unit
    report.responsible_unit = unit
    report.responsible_role = role_for(unit)
    report.assignee = None
    report.save()
    record(
        report, EventKind.REASSIGNED, by=by, from_unit=before, to_unit=unit, internal_text=reason
    )
    return report


@transaction.atomic
def report_reply(*, report: Report, public_text: str, by: Actor) -> Report:
    """A public reply without a change of status (photos attached by the caller)."""
    _require_handler(report, by)
    if not public_text:
        raise ValidationFailed(_("Write the reply."), field="public_text")
    record(report, EventKind.REPLY, by=by, public_text=public_text)
    return report


@transaction.atomic
def report_note(*, report: Report, internal_text: str, by: Actor) -> Report:
    _require_handler(report, by)
    if not internal_text:
        raise ValidationFailed(_("Write the note."), field="internal_text")
    record(report, EventKind.NOTE, by=by, internal_text=internal_text)
    return report
