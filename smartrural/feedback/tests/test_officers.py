"""The officers' pages: the queue (counts, filters, order, bulk assignment, constant queries),
the report page with its actions, entering feedback on a resident's behalf."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smartrural.accounts.models import Role
from smartrural.feedback import services
from smartrural.feedback.models import Channel, EventKind, Report, ReportEvent, Status
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload, today_units

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)
QUEUE = "/feedback/work/"


def _post(report: Report, **fields: object) -> dict[str, object]:
    return {"version": str(reload(report).version), **fields}


class QueueTests:
    def test_oldest_first_with_counts_and_overdue_flag_in_2023(self, personas: Personas) -> None:
        p = personas
        old = file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 2)).report
        new = file_report(p.hamlet_a_unit, on=dt.date(2023, 5, 30)).report
        with clock_at(IN_2023):
            page = p.client(p.commune_a).get(QUEUE)
        assert page.status_code == 200
        body = page.content.decode()
        assert body.index(f"#{old.pk}<") < body.index(f"#{new.pk}<")
        assert page.context["counts"]["received"] == 2
        assert page.context["counts"]["overdue"] == 1  # 02/05 + 10 working days < 01/06
        assert "overdue since" in body or "quá hạn từ" in body

    def test_other_commune_sees_nothing_and_counts_stay_zero(self, personas: Personas) -> None:
        p = personas
        file_report(p.hamlet_a_unit)
        with clock_at(IN_2023):
            page = p.client(p.commune_b).get(QUEUE)
        assert page.status_code == 200 and page.context["counts"]["open"] == 0

    def test_today_units_and_filters(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        report = file_report(units.hamlet_a_unit, on=TODAY).report
        file_report(units.commune_b_unit, on=TODAY)
        with clock_at(TODAY):
            page = p.client(p.commune_a).get(QUEUE)
            assert [r.pk for r in page.context["page"].object_list] == [report.pk]
            mine = p.client(p.commune_a).get(QUEUE, {"mine": "on"})
            assert list(mine.context["page"].object_list) == []
            bad = p.client(p.commune_a).get(QUEUE, {"since": "03/12/2026", "until": "01/12/2026"})
            assert bad.status_code == 200 and bad.context["form"].errors

    def test_query_count_does_not_grow_with_rows(
        self, personas: Personas, django_assert_max_num_queries: object
    ) -> None:
        p = personas
        for _ in range(12):
            file_report(p.hamlet_a_unit)
        client = p.client(p.commune_a)
        with clock_at(IN_2023), django_assert_max_num_queries(14):  # type: ignore[operator]
            assert client.get(QUEUE).status_code == 200


class QueryCountTests:
    def _count(self, client: Any, url: str) -> int:
        client.get(url)  # warm the per-user caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_queue_and_report_page_do_not_grow_with_rows(self, personas: Personas) -> None:
        p = personas
        client = p.client(p.commune_a)
        few = file_report(p.hamlet_a_unit).report
        with clock_at(IN_2023):
            queue_few = self._count(client, QUEUE)
            page_few = self._count(client, f"/feedback/work/{few.pk}/")
        many = file_report(p.hamlet_a_unit).report
        for i in range(10):
            file_report(p.hamlet_a_unit)
            services.report_note(report=many, internal_text=f"Ghi chú {i}", by=p.commune_a)
        with clock_at(IN_2023):
            assert self._count(client, QUEUE) == queue_few
            assert self._count(client, f"/feedback/work/{many.pk}/") == page_few


class BulkAssignTests:
    def test_assigns_every_ticked_report(self, personas: Personas) -> None:
        p = personas
        reports = [file_report(p.hamlet_a_unit).report for _ in range(2)]
        client = p.client(p.commune_a)
        with clock_at(IN_2023):
            for r in reports:
                client.post(f"/feedback/work/{r.pk}/accept/", _post(r))
            data = {"assignee": p.commune_a.pk, "report": [r.pk for r in reports]}
            data.update({f"version_{r.pk}": reload(r).version for r in reports})
            answer = client.post("/feedback/work/assign/", data)
        assert answer.status_code == 302
        assert all(reload(r).status == Status.ASSIGNED for r in reports)

    def test_one_refusal_refuses_the_whole_batch(self, personas: Personas) -> None:
        p = personas
        ok = file_report(p.hamlet_a_unit).report
        not_accepted = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        with clock_at(IN_2023):
            client.post(f"/feedback/work/{ok.pk}/accept/", _post(ok))
            data = {
                "assignee": p.commune_a.pk,
                "report": [ok.pk, not_accepted.pk],
                f"version_{ok.pk}": reload(ok).version,
                f"version_{not_accepted.pk}": reload(not_accepted).version,
            }
            answer = client.post("/feedback/work/assign/", data)
        assert answer.status_code == 422
        assert f"#{not_accepted.pk}" in answer.content.decode()
        assert reload(ok).status == Status.ACCEPTED and reload(ok).assignee is None

    def test_an_officer_of_another_commune_cannot_be_given_it(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.province)
        with clock_at(IN_2023):
            client.post(f"/feedback/work/{report.pk}/accept/", _post(report))
            answer = client.post(
                "/feedback/work/assign/",
                {
                    "assignee": p.commune_b.pk,
                    "report": [report.pk],
                    f"version_{report.pk}": reload(report).version,
                },
            )
        assert answer.status_code == 422
        assert reload(report).assignee is None


class ReportPageTests:
    def test_officer_reads_everything_and_moves_it(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        with clock_at(IN_2023):
            page = client.get(f"/feedback/work/{report.pk}/")
            assert page.status_code == 200
            assert "0912345678" in page.content.decode()
            assert (
                client.post(f"/feedback/work/{report.pk}/accept/", _post(report)).status_code == 302
            )
            empty = client.post(
                f"/feedback/work/{report.pk}/resolve/", _post(report, public_text="")
            )
            assert empty.status_code == 422 and reload(report).status == Status.ACCEPTED
            done = client.post(
                f"/feedback/work/{report.pk}/resolve/", _post(report, public_text="Đã sửa xong.")
            )
            assert done.status_code == 302 and reload(report).status == Status.RESOLVED

    def test_stale_version_is_an_edit_conflict(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        stale = reload(report).version
        with clock_at(IN_2023):
            client.post(f"/feedback/work/{report.pk}/accept/", _post(report))
            answer = client.post(
                f"/feedback/work/{report.pk}/refuse/",
                {"version": stale, "refusal": "spam", "public_text": "Spam."},
            )
        assert answer.status_code == 409
        assert reload(report).status == Status.ACCEPTED

    def test_viewer_reads_without_forms_and_gets_403_on_post(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.viewer_a)
        with clock_at(IN_2023):
            page = client.get(f"/feedback/work/{report.pk}/")
            assert page.status_code == 200 and 'id="actions"' not in page.content.decode()
            assert (
                client.post(f"/feedback/work/{report.pk}/accept/", _post(report)).status_code == 403
            )

    def test_internal_note_and_reassign_to_the_level_above(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        with clock_at(IN_2023):
            client.post(f"/feedback/work/{report.pk}/note/", {"internal_text": "Gọi lại sau."})
            answer = client.post(
                f"/feedback/work/{report.pk}/reassign/",
                _post(report, unit=p.district_unit.pk, reason="Vượt thẩm quyền xã."),
            )
            assert answer.status_code == 302
            outside = client.post(
                f"/feedback/work/{report.pk}/reassign/",
                _post(report, unit=p.commune_b_unit.pk, reason="x"),
            )
        assert reload(report).responsible_unit == p.district_unit
        assert reload(report).responsible_role == Role.DISTRICT_OFFICER
        assert outside.status_code == 403  # no longer theirs to act on
        assert ReportEvent.objects.filter(report=report, kind=EventKind.NOTE).count() == 1


class MoreActionTests:
    def test_refuse_as_duplicate_names_the_other_report(self, personas: Personas) -> None:
        p = personas
        first = file_report(p.hamlet_a_unit).report
        second = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        url = f"/feedback/work/{second.pk}/refuse/"
        with clock_at(IN_2023):
            missing = client.post(url, _post(second, refusal="duplicate", public_text="Trùng."))
            assert missing.status_code == 422
            unknown = client.post(
                url, _post(second, refusal="duplicate", duplicate_of=99999, public_text="Trùng.")
            )
            assert unknown.status_code == 422 and reload(second).status == Status.RECEIVED
            done = client.post(
                url, _post(second, refusal="duplicate", duplicate_of=first.pk, public_text="Trùng.")
            )
        assert done.status_code == 302
        assert reload(second).duplicate_of == first and reload(first).supporters == 1

    def test_reply_with_photos_five_at_most(self, personas: Personas) -> None:
        from .test_moderation import _photo

        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        url = f"/feedback/work/{report.pk}/reply/"
        with clock_at(IN_2023):
            six = client.post(
                url, {"public_text": "Ảnh sau sửa.", "photos": [_photo() for _ in range(6)]}
            )
            assert six.status_code == 422
            assert not ReportEvent.objects.filter(report=report, kind=EventKind.REPLY).exists()
            five = client.post(
                url, {"public_text": "Ảnh sau sửa.", "photos": [_photo() for _ in range(5)]}
            )
        assert five.status_code == 302
        event = ReportEvent.objects.get(report=report, kind=EventKind.REPLY)
        assert event.photos.count() == 5
        # A reply's photos are moderated like the reporter's: each has its forms on the page.
        page = client.get(f"/feedback/work/{report.pk}/").content.decode()
        for photo in event.photos.all():
            assert f'id="photo-{photo.pk}"' in page
            assert f"/feedback/work/{report.pk}/photos/{photo.pk}/remove/" in page
        first = event.photos.order_by("pk").first()
        assert first is not None
        with clock_at(IN_2023):
            removed = client.post(
                f"/feedback/work/{report.pk}/photos/{first.pk}/remove/",
                {f"xp{first.pk}-reason": "Lộ biển số xe."},
            )
        assert removed.status_code == 302
        first.refresh_from_db()
        assert first.state == "removed"

    def test_a_renamed_pdf_in_a_reply_stores_nothing(self, personas: Personas) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        p = personas
        report = file_report(p.hamlet_a_unit).report
        fake = SimpleUploadedFile("a.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
        with clock_at(IN_2023):
            answer = p.client(p.commune_a).post(
                f"/feedback/work/{report.pk}/reply/", {"public_text": "Xem ảnh.", "photos": [fake]}
            )
        assert answer.status_code == 422
        assert not ReportEvent.objects.filter(report=report, kind=EventKind.REPLY).exists()
        assert not report.photos.exists()


class EntryTests:
    def _data(self, place: object, **extra: object) -> dict[str, object]:
        return {
            "channel": Channel.PHONE,
            "category": 0,
            "description": "Cống ấp Chợ bị nghẹt.",
            "place": place,
            "name": "Trần Thị Bé",
            "phone": "0912 345 678",
            **extra,
        }

    def test_officer_enters_phone_feedback_today(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        from .factories import category

        data = self._data(units.hamlet_a_unit.pk, category=category().pk)
        with clock_at(TODAY):
            answer = p.client(p.commune_a).post("/feedback/work/new/", data)
        assert answer.status_code == 200
        report = Report.objects.get()
        assert report.channel == Channel.PHONE and report.entered_by == p.commune_a
        assert answer.context["submitted"].tracking_code in answer.content.decode()

    @pytest.mark.parametrize(("days_ago", "ok"), [(30, True), (31, False), (-1, False), (0, True)])
    def test_received_on_boundaries(self, personas: Personas, days_ago: int, ok: bool) -> None:
        p = personas
        units = today_units(p)
        from .factories import category

        day = TODAY - dt.timedelta(days=days_ago)
        data = self._data(
            units.hamlet_a_unit.pk, category=category().pk, received_on=day.strftime("%d/%m/%Y")
        )
        with clock_at(TODAY):
            answer = p.client(p.commune_a).post("/feedback/work/new/", data)
        assert (answer.status_code == 200 and Report.objects.count() == 1) is ok
        if ok:
            assert Report.objects.get().submitted_at.date() <= TODAY
        else:
            assert answer.status_code == 422 and not Report.objects.exists()

    def test_officer_enters_paper_feedback_in_2023(self, personas: Personas) -> None:
        from .factories import category

        p = personas
        data = self._data(p.hamlet_a_unit.pk, category=category().pk, channel=Channel.PAPER)
        with clock_at(IN_2023):
            answer = p.client(p.commune_a).post("/feedback/work/new/", data)
        assert answer.status_code == 200
        report = Report.objects.get()
        assert report.channel == Channel.PAPER and report.responsible_unit == p.commune_a_unit

    def test_place_outside_scope_is_refused(self, personas: Personas) -> None:
        p = personas
        units = today_units(p)
        from .factories import category

        data = self._data(units.commune_b_unit.pk, category=category().pk)
        with clock_at(TODAY):
            answer = p.client(p.commune_a).post("/feedback/work/new/", data)
        assert answer.status_code == 422 and not Report.objects.exists()

    def test_queue_page_reverses(self) -> None:
        assert reverse("feedback-work:queue") == QUEUE
