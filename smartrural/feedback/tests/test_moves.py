"""Officers move reports through the lifecycle; wrong moves, stale versions and missing
reasons are refused and change nothing."""

from __future__ import annotations

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.feedback import services
from smartrural.feedback.models import EventKind, Refusal, ReportEvent, Status
from smartrural.testing import Personas

from .factories import file_report, reload

pytestmark = pytest.mark.django_db


class MoveTests:
    def test_the_whole_lifecycle_records_every_change(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        officer = p.commune_a
        report = services.report_accept(report=report, version=report.version, by=officer)
        report = services.report_assign(
            report=report, version=report.version, assignee=officer, by=officer
        )
        report = services.report_start(report=report, version=report.version, by=officer)
        report = services.report_resolve(
            report=report, version=report.version, public_text="Đã đắp lại đoạn đường.", by=officer
        )
        assert report.resolved_at is not None and report.assignee == officer
        report = services.report_close(report=report, version=report.version, by=officer)
        assert reload(report).status == Status.CLOSED
        steps = list(
            ReportEvent.objects.filter(report=report, kind=EventKind.STATUS).values_list(
                "from_status", "to_status"
            )
        )
        assert steps == [
            (Status.RECEIVED, Status.ACCEPTED),
            (Status.ACCEPTED, Status.ASSIGNED),
            (Status.ASSIGNED, Status.IN_PROGRESS),
            (Status.IN_PROGRESS, Status.RESOLVED),
            (Status.RESOLVED, Status.CLOSED),
        ]

    def test_a_move_not_allowed_from_the_status_is_refused(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        with pytest.raises(Conflict):
            services.report_close(report=report, version=report.version, by=personas.commune_a)
        assert reload(report).status == Status.RECEIVED

    def test_a_stale_version_is_an_edit_conflict(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        loaded = report.version
        services.report_accept(report=reload(report), version=loaded, by=personas.commune_a)
        with pytest.raises(Conflict):
            services.report_refuse(
                report=reload(report),
                version=loaded,
                refusal=Refusal.SPAM,
                public_text="Nội dung quảng cáo.",
                by=personas.commune_b,
            )
        assert reload(report).status == Status.ACCEPTED

    def test_a_duplicate_names_the_original_which_gains_a_me_too(self, personas: Personas) -> None:
        original = file_report(personas.hamlet_a_unit).report
        copy = file_report(personas.hamlet_a_unit).report
        with pytest.raises(ValidationFailed):
            services.report_refuse(
                report=copy,
                version=copy.version,
                refusal=Refusal.DUPLICATE,
                public_text="Trùng.",
                by=personas.commune_a,
            )
        services.report_refuse(
            report=reload(copy),
            version=copy.version,
            refusal=Refusal.DUPLICATE,
            duplicate_of=original,
            public_text="Trùng với phản ánh đã có.",
            by=personas.commune_a,
        )
        assert reload(copy).duplicate_of == original
        assert reload(original).supporters == 1

    def test_not_competent_says_where_to_go(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        with pytest.raises(ValidationFailed) as refused:
            services.report_refuse(
                report=report,
                version=report.version,
                refusal=Refusal.NOT_COMPETENT,
                public_text="Không thuộc thẩm quyền.",
                by=personas.commune_a,
            )
        assert refused.value.field == "refer_to"
        assert reload(report).status == Status.RECEIVED

    def test_resolving_needs_a_reply(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        officer = personas.commune_a
        report = services.report_accept(report=report, version=report.version, by=officer)
        with pytest.raises(ValidationFailed):
            services.report_resolve(
                report=report, version=report.version, public_text="", by=officer
            )

    def test_reassigning_hands_it_over_with_an_internal_reason(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        services.report_reassign(
            report=report,
            version=report.version,
            unit=p.district_unit,
            reason="Đường huyện quản lý.",
            by=p.commune_a,
        )
        stored = reload(report)
        assert stored.responsible_unit == p.district_unit and stored.assignee is None
        event = ReportEvent.objects.get(report=report, kind=EventKind.REASSIGNED)
        assert event.from_unit == p.commune_a_unit and event.public_text == ""
