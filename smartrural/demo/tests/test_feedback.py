"""The demo's feedback of today (12/2025–11/2026): filed and moved through the services in
today's communes, with every status, escalations of overdue reports to the province, reports
closed by themselves, and a resident persona with reports of her own."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from smartrural.accounts.models import User
from smartrural.feedback.models import Channel, EventKind, Report, ReportEvent, Status
from smartrural.feedback.selectors.overdue import overdue_q
from smartrural.transformation.work_records.platform import platform_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_db")]

FIRST, LAST = dt.date(2025, 12, 1), dt.date(2026, 11, 30)
TODAY_COMMUNES = {"29461", "29489", "29242", "29266", "29374", "29416"}


def of_today() -> list[Report]:
    return list(
        Report.objects.filter(province__code="86").select_related(
            "commune", "responsible_unit", "reporter"
        )
    )


class FeedbackDemoTests:
    def test_a_year_of_reports_in_every_demo_commune_of_today(self) -> None:
        reports = of_today()
        assert len(reports) >= 90
        assert {r.commune.code for r in reports if r.commune} == TODAY_COMMUNES
        for report in reports:
            local = report.submitted_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
            assert FIRST <= local <= LAST
            assert report.description and report.tracking_hash
        assert len({r.category_id for r in reports}) >= 8
        channels = Counter(r.channel for r in reports)
        assert channels[Channel.WEB] > channels[Channel.PHONE] > 0

    def test_every_status_an_officer_gives_is_there(self) -> None:
        statuses = Counter(r.status for r in of_today())
        for status in (Status.RECEIVED, Status.IN_PROGRESS, Status.REFUSED, Status.CLOSED):
            assert statuses[status] > 0, status
        assert statuses[Status.CLOSED] > len(of_today()) / 2

    def test_overdue_reports_were_escalated_to_the_province(self) -> None:
        escalated = [r for r in of_today() if r.escalations]
        assert escalated
        assert {r.responsible_unit.code for r in escalated} == {"86"}
        still_open = Report.objects.filter(overdue_q(LAST), province__code="86")
        assert still_open.exists()
        assert all(r.escalations for r in still_open if r.category.level == "commune")
        event = ReportEvent.objects.filter(kind=EventKind.ESCALATED).first()
        assert event is not None and event.by is None and "Quá hạn" in event.internal_text

    def test_resolved_reports_closed_by_themselves(self) -> None:
        automatic = ReportEvent.objects.filter(
            kind=EventKind.STATUS, to_status=Status.CLOSED, by=None
        )
        assert automatic.count() > 50
        assert "14 ngày" in automatic.first().public_text  # type: ignore[union-attr]

    def test_every_move_has_its_event_by_the_responsible_officer(self) -> None:
        officer = User.objects.get(username="xa-29461")
        moves = ReportEvent.objects.filter(
            kind=EventKind.STATUS,
            report__responsible_unit__code="29461",
            report__escalations=0,
        ).exclude(by=None)
        assert moves.exists()
        assert set(moves.values_list("by", flat=True)) == {officer.pk}
        submitted = ReportEvent.objects.filter(kind=EventKind.SUBMITTED)
        assert submitted.count() == Report.objects.count()

    def test_the_resident_persona_has_reports_of_her_own(self) -> None:
        resident = User.objects.get(username="cudan-29461")
        mine = Report.objects.filter(reporter=resident).order_by("submitted_at")
        assert [r.commune.code for r in mine if r.commune] == ["29461"] * 3
        assert [r.status for r in mine] == [Status.CLOSED, Status.CLOSED, Status.RECEIVED]
        late = mine[1]
        assert late.escalations == 1 and late.responsible_unit.code == "86"
        resolver = late.events.get(to_status=Status.RESOLVED).by
        assert resolver is not None and resolver.username == "vpdp"

    def test_feedback_counts_in_the_handled_on_smartrural_figures(self) -> None:
        commune = Report.objects.filter(commune__code="29461").first()
        assert commune is not None and commune.commune_id is not None
        handled = Report.objects.filter(
            responsible_unit=commune.commune, status__in=[Status.RESOLVED, Status.CLOSED]
        ).count()
        counts = platform_counts(start=FIRST, end=LAST, unit_ids=[commune.commune_id])
        assert handled > 0 and sum(counts.values()) >= handled

    def test_reporters_rate_and_reopen_and_the_commune_resolves_again(self) -> None:
        rated = [r for r in of_today() if r.rating]
        assert len(rated) >= 10
        assert {r.rating for r in rated} <= {1, 2, 3, 4, 5} and len({r.rating for r in rated}) >= 3
        assert all(r.status in (Status.RESOLVED, Status.CLOSED) for r in rated)
        assert ReportEvent.objects.filter(kind=EventKind.RATED).count() == len(rated) + sum(
            1 for r in Report.objects.filter(province__code="84") if r.rating
        )
        reopened = ReportEvent.objects.filter(kind=EventKind.REOPENED).select_related("report")
        assert reopened.exists()
        for event in reopened:
            later = event.report.events.filter(to_status=Status.RESOLVED, at__gt=event.at)
            assert event.public_text and later.exists()

    def test_one_report_is_hidden_and_one_redacted_with_their_reasons(self) -> None:
        hidden = Report.objects.filter(hidden=True, province__code="86")
        redacted = Report.objects.exclude(public_description="").filter(province__code="86")
        assert hidden.count() == 1 and redacted.count() == 1
        for report in (hidden.get(), redacted.get()):
            event = report.events.get(kind=EventKind.MODERATED)
            assert event.internal_text and not event.public_text
            officers = {"vpdp"} | {f"xa-{code}" for code in TODAY_COMMUNES}
            assert event.by is not None and event.by.username in officers
        assert "[Đã lược bỏ thông tin cá nhân]" in redacted.get().public_description
