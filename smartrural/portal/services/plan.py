"""Residents' comments on a draft plan: sent from the plan's page while its comment period is
open (within the rate limits), then published, rejected or answered by the commune's officers.

Every write that changes what the plan's page shows (publishing, rejecting, answering) makes the
portals' cached pages stale (``caching.bump``) in its transaction. The edit counter of a comment
(``core.versioning``) guards the officers' writes: a page loaded before someone else's change
gets 409, not a silent overwrite.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, DomainError, ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.feedback.ratelimit import RateLimited
from smartrural.surveys.models import Stance

from ..caching import bump
from ..models import CommentStatus, PlanComment, PlanPage

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


class CommentsClosed(DomainError):
    """The plan takes no comment today (approved, or outside its comment period)."""

    status_code = 400


def _local(moment: dt.datetime) -> str:
    """The moment as residents read it, rounded up to the minute (never too early)."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return local.strftime("%H:%M %d/%m/%Y")


def _serialise(client: str) -> None:
    """On PostgreSQL, one transaction lock per sender: two comments sent at the same moment are
    counted one after the other (SQLite already takes one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(client[:15], 16)])


def check_comment_rate(*, client: str, now: dt.datetime) -> None:
    """``RateLimited`` when this address (``client``, a keyed hash) already sent the most
    comments allowed in the last hour or day, on any plan. Call it in the writing transaction."""
    _serialise(client)
    windows = (
        (HOUR, int(settings.PORTAL_COMMENT_RATE_PER_HOUR)),
        (DAY, int(settings.PORTAL_COMMENT_RATE_PER_DAY)),
    )
    for length, limit in windows:
        times = list(
            PlanComment.objects.filter(client_hash=client, created_at__gt=now - length)
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        if len(times) < limit:
            continue
        # One more once all but ``limit - 1`` of them left the window.
        retry = times[len(times) - limit] + length
        message = (
            _(
                "Too many comments from this connection: at most %(n)d an hour. You can send "
                "another from %(at)s."
            )
            if length == HOUR
            else _(
                "Too many comments from this connection: at most %(n)d a day. You can send "
                "another from %(at)s."
            )
        )
        raise RateLimited(message % {"n": limit, "at": _local(retry)}, retry_at=retry)


@transaction.atomic
def plan_comment_submit(
    *,
    plan: PlanPage,
    name: str,
    hamlet: str,
    text: str,
    stance: str = Stance.COMMENT,
    phone: str = "",
    client_hash: str = "",
) -> PlanComment:
    """A resident's opinion on ``plan`` (agree, disagree or comment), awaiting moderation.
    Refused with ``CommentsClosed`` (400) outside the comment period (both days included) or
    for an approved plan, with ``ValidationFailed`` for a comment without words, and with
    ``RateLimited`` (429) when this address sent too many. The values are validated (the form
    checked them)."""
    day = today()
    if not plan.accepts_comments(day):
        raise CommentsClosed(plan.closed_message(day))
    if stance == Stance.COMMENT and not text.strip():
        raise ValidationFailed(_("Write your comment."), field="text")
    now = timezone.now()
    if client_hash:
        check_comment_rate(client=client_hash, now=now)
    return PlanComment.objects.create(
        plan=plan,
        name=name,
        hamlet=hamlet,
        stance=stance,
        text=text,
        phone=phone,
        client_hash=client_hash,
        created_at=now,
    )


def _save(comment: PlanComment, by: Actor) -> PlanComment:
    comment._history_user = by  # type: ignore[attr-defined]
    comment.save()
    bump()
    return comment


@transaction.atomic
def plan_comment_publish(*, comment: PlanComment, version: int | None, by: Actor) -> PlanComment:
    """Show the comment (and its answer, if any) under the plan."""
    check_version(comment, version, sent={"status": CommentStatus.PUBLISHED})
    if comment.status == CommentStatus.PUBLISHED:
        raise Conflict(_("This comment is already published."))
    comment.status = CommentStatus.PUBLISHED
    comment.rejection_reason = ""
    return _save(comment, by)


@transaction.atomic
def plan_comment_reject(
    *, comment: PlanComment, version: int | None, reason: str, by: Actor
) -> PlanComment:
    """Keep the comment off the plan's page (taken down if it was published); ``reason`` is
    for officers only."""
    if not reason.strip():
        raise ValidationFailed(_("Give the reason (only officers read it)."), field="reason")
    check_version(
        comment,
        version,
        sent={"status": CommentStatus.REJECTED, "rejection_reason": reason},
    )
    if comment.status == CommentStatus.REJECTED:
        raise Conflict(_("This comment is already rejected."))
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = reason
    return _save(comment, by)


@transaction.atomic
def plan_comment_answer(
    *, comment: PlanComment, version: int | None, answer: str, by: Actor
) -> PlanComment:
    """The commune's answer, shown under the comment once it is published (a new answer
    replaces the old one; the old one stays in the history)."""
    if not answer.strip():
        raise ValidationFailed(_("Write the answer."), field="answer")
    check_version(comment, version, sent={"answer": answer})
    if comment.status == CommentStatus.REJECTED:
        raise Conflict(_("A rejected comment is not answered: publish it first."))
    comment.answer = answer
    comment.answered_by = by
    comment.answered_at = timezone.now()
    return _save(comment, by)
