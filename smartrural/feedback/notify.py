"""Telling the reporter: one e-mail per public update of their report.

Durable state is a row: ``on_event`` (called by ``services.events.record`` for every event, in
the event's transaction) writes a ``Notification`` for the reporter's e-mail when the event is
news to them (a status change, a public reply, the confirmation of their reopening), and asks a
task to send it once the transaction commits. ``send`` claims the row with a conditional update
(two workers never send the same row; a sent row is never sent again), sends it with Django's
mail API (plain text and HTML, in Vietnamese) and marks it sent; an SMTP error leaves it for a
later try with a growing wait (``retry_due``, every 5 minutes), at most ``MAX_ATTEMPTS``.

Links: the e-mail goes to the reporter alone, so the first one (``on_submitted``) carries the
link to the status page with the tracking code in it; the code is not stored (only its hash),
so later e-mails link to the page where it is typed. A body is emptied once sent, so the code
does not stay at rest in the outbox.

Phones: the same news goes to ``report.reporter_phone`` through outreach (``_phone_notice``):
a Zalo ZNS template message when ``OUTREACH_FEEDBACK_ZNS_TEMPLATE`` names an approved template,
falling back to SMS; the event's id is the idempotency key, so an event is told once. A number
that is not a Vietnamese mobile (a landline, a typo) is skipped: the reporter still has the
status page and the e-mail.
"""

from __future__ import annotations

import datetime as dt
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from smartrural.core.errors import ValidationFailed
from smartrural.outreach.models import Channel, Topic
from smartrural.outreach.services.messages import message_send

from . import tracking
from .models import EventKind, Notification, NotificationStatus, Report, ReportEvent

MAX_ATTEMPTS = 5
NEWS = frozenset({EventKind.STATUS, EventKind.REPLY, EventKind.REOPENED})


def _link(code: str | None) -> str:
    if code:
        path = reverse("feedback:track-detail", args=[tracking.display(code)])
    else:
        path = reverse("feedback:track")
    return settings.SITE_URL + path


def _email_notice(report: Report, event: ReportEvent, *, code: str | None = None) -> None:
    if not report.reporter_email:
        return
    context = {
        "report": report,
        "event": event,
        "public_text": "" if event.public_text_hidden else event.public_text,
        "link": _link(code),
        "code": tracking.display(code) if code else "",
        "unit": report.responsible_unit.name,
    }
    with translation.override("vi"):
        subject = render_to_string("feedback/reporting/email/subject.txt", context)
        body = render_to_string("feedback/reporting/email/body.txt", context)
        html = render_to_string("feedback/reporting/email/body.html", context)
    notice, created = Notification.objects.get_or_create(
        event=event,
        to=report.reporter_email,
        defaults={
            "report": report,
            "subject": " ".join(subject.split())[:200],
            "body": body,
            "html": html,
            "next_try_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(notice.pk))


def _phone_notice(report: Report, event: ReportEvent, *, code: str | None = None) -> None:
    if not report.reporter_phone:
        return
    context = {
        "report": report,
        "link": _link(code),
        "code": tracking.display(code) if code else "",
    }
    with translation.override("vi"):
        text = " ".join(render_to_string("feedback/reporting/sms.txt", context).split())
    template = settings.OUTREACH_FEEDBACK_ZNS_TEMPLATE
    try:
        message_send(
            source="feedback",
            idempotency_key=f"event-{event.pk}",
            unit=report.responsible_unit,
            topic=Topic.FEEDBACK,
            body=text,
            phone=report.reporter_phone,
            channels=[Channel.ZNS, Channel.SMS] if template else [Channel.SMS],
            zns_template=(
                template,
                {"ma_phan_anh": str(report.pk), "trang_thai": str(report.get_status_display())},
            )
            if template
            else None,
        )
    except ValidationFailed:
        return  # not a mobile number: the status page and the e-mail remain


def _enqueue(notice_id: int) -> None:
    send_notification.enqueue(notice_id)


def on_event(event: ReportEvent) -> None:
    """The hook every recorded event passes through (``services.events.record``)."""
    if event.kind not in NEWS:
        return
    if event.kind == EventKind.REPLY and not event.public_text:
        return
    _email_notice(event.report, event)
    _phone_notice(event.report, event)


def on_submitted(event: ReportEvent, code: str) -> None:
    """The confirmation, with the tracking code, to a reporter who filed it themselves."""
    _email_notice(event.report, event, code=code)
    _phone_notice(event.report, event, code=code)


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=5 * 2 ** (attempts - 1))  # 5, 10, 20, 40 minutes


def send(notice_id: int) -> bool:
    """Send one notification if it is still due; True when this call sent it."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notice_id, status=NotificationStatus.PENDING, next_try_at__lte=now
    ).update(status=NotificationStatus.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    notice = Notification.objects.get(pk=notice_id)
    message = EmailMultiAlternatives(notice.subject, notice.body, to=[notice.to])
    message.attach_alternative(notice.html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        failed = notice.attempts >= MAX_ATTEMPTS
        notice.status = NotificationStatus.FAILED if failed else NotificationStatus.PENDING
        notice.next_try_at = now + _backoff(notice.attempts)
        notice.error = f"{type(exc).__name__}: {exc}"[:500]
        notice.save(update_fields=["status", "next_try_at", "error"])
        return False
    notice.status = NotificationStatus.SENT
    notice.sent_at = timezone.now()
    notice.body = notice.html = ""
    notice.error = ""
    notice.save(update_fields=["status", "sent_at", "body", "html", "error"])
    return True


@task()
def send_notification(notice_id: int) -> bool:
    """The task that sends one notification (enqueued when its event commits)."""
    return send(notice_id)


def retry_due() -> int:
    """Send every notification whose next try has come (the periodic sweep); how many sent.
    Also takes back rows left "sending" by a worker that died more than an hour ago."""
    now = timezone.now()
    Notification.objects.filter(
        status=NotificationStatus.SENDING, next_try_at__lt=now - dt.timedelta(hours=1)
    ).update(status=NotificationStatus.PENDING)
    due = Notification.objects.filter(
        status=NotificationStatus.PENDING, next_try_at__lte=now
    ).values_list("pk", flat=True)
    return sum(send(pk) for pk in list(due[:500]))
