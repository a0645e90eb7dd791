"""The status page reached with the tracking code: the public view and timeline only, photos
through the code, 404 for an unknown code, 410 once expired, 429 after too many wrong codes;
rating and reopening from the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from smartrural.feedback import services, tracking
from smartrural.feedback.models import PhotoState, Report, ReportPhoto, Status
from smartrural.testing import IN_2023, TODAY, Personas, clock_at

from .factories import file_report, reload, today_units
from .reporting_helpers import upload

pytestmark = pytest.mark.django_db


def url(code: str, suffix: str = "") -> str:
    return f"/feedback/track/{tracking.display(code)}/{suffix}"


def get(path: str, *, on: dt.date = TODAY, client: Client | None = None) -> Any:
    with clock_at(on, hour=15):
        return (client or Client()).get(path)


class StatusPageTests:
    def test_it_shows_the_public_timeline_and_never_notes_names_or_contact(
        self, personas: Personas
    ) -> None:
        today = today_units(personas)
        done = file_report(today.hamlet_a_unit, on=TODAY)
        report = done.report
        with clock_at(TODAY, hour=10):
            services.report_accept(
                report=report, version=None, public_text="Xã đã tiếp nhận.", by=personas.commune_a
            )
            services.report_note(
                report=reload(report), internal_text="Gọi ông An lúc 9h", by=personas.commune_a
            )
        response = get(url(done.tracking_code))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Xã đã tiếp nhận." in page and today.commune_a_unit.name in page
        assert "Gọi ông An" not in page
        assert "0912345678" not in page and "Nguyễn Văn An" not in page
        officer = personas.commune_a
        assert officer.username not in page
        if officer.get_full_name():
            assert officer.get_full_name() not in page
        assert report.deadline.strftime("%d/%m/%Y") in page
        assert response["Cache-Control"] == "private, no-store"

    def test_an_overdue_report_says_so(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        page = get(url(done.tracking_code), on=dt.date(2023, 7, 3)).content.decode()
        assert "Quá hạn" in page or "Overdue" in page

    def test_the_code_may_be_typed_in_any_case_and_with_spaces(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        typed = " ".join(done.tracking_code.lower()[i : i + 2] for i in range(0, 10, 2))
        with clock_at(IN_2023):
            response = Client().get("/feedback/track/", {"code": typed})
        assert response.status_code == 302
        assert response["Location"] == url(done.tracking_code)

    def test_a_malformed_code_in_the_form_is_422(self) -> None:
        assert Client().get("/feedback/track/", {"code": "ABC"}).status_code == 422

    def test_an_unknown_code_is_404_with_a_clear_message(self, personas: Personas) -> None:
        response = get(url("2345678923"))
        assert response.status_code == 404
        assert "Không có phản ánh nào có mã theo dõi này" in response.content.decode()

    def test_wrong_codes_are_limited_per_address(self, personas: Personas, settings: Any) -> None:
        settings.FEEDBACK_TRACKING_MISSES_PER_HOUR = 3
        done = file_report(today_units(personas).hamlet_a_unit, on=TODAY)
        client = Client()
        with clock_at(TODAY, hour=15):
            statuses = [client.get(url(f"23456789{n}{n}")).status_code for n in "2345"]
            after = client.get(url(done.tracking_code))
            other = Client(REMOTE_ADDR="10.0.0.9").get(url(done.tracking_code))
        assert statuses == [404, 404, 404, 429]
        assert after.status_code == 429 and "thử lại từ" in after.content.decode()
        assert other.status_code == 200

    def test_a_code_expires_180_days_after_closing(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        report = done.report
        by = personas.commune_a
        with clock_at(IN_2023, hour=10):
            services.report_accept(report=report, version=None, by=by)
            services.report_resolve(report=reload(report), version=None, public_text="Xong.", by=by)
            services.report_close(report=reload(report), version=None, by=by)
        last = IN_2023 + dt.timedelta(days=180)
        assert get(url(done.tracking_code), on=last).status_code == 200
        gone = get(url(done.tracking_code), on=last + dt.timedelta(days=1))
        assert gone.status_code == 410
        assert "đã hết hạn" in gone.content.decode()


class PhotoTests:
    def test_photos_are_served_with_the_code_only_and_never_removed_ones(
        self, personas: Personas
    ) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023, photos=[upload(), upload()])
        shown, removed = ReportPhoto.objects.filter(report=done.report).order_by("position")
        ReportPhoto.objects.filter(pk=removed.pk).update(state=PhotoState.REMOVED)
        ok = get(url(done.tracking_code, f"photos/{shown.pk}/"), on=IN_2023)
        assert ok.status_code == 200 and ok["Content-Type"] == "image/jpeg"
        page = get(url(done.tracking_code), on=IN_2023).content.decode()
        assert f"photos/{removed.pk}/" not in page
        assert get(url(done.tracking_code, f"photos/{removed.pk}/"), on=IN_2023).status_code == 404
        other = file_report(personas.hamlet_a_unit, on=IN_2023)
        assert get(url(other.tracking_code, f"photos/{shown.pk}/"), on=IN_2023).status_code == 404

    def test_a_redacted_photo_is_served_as_its_public_copy(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023, photos=[upload()])
        photo = ReportPhoto.objects.get(report=done.report)
        photo.public_image.save("blurred.jpg", ContentFile(b"\xff\xd8\xffBLURRED"), save=False)
        photo.state = PhotoState.REDACTED
        photo.save()
        response = get(url(done.tracking_code, f"photos/{photo.pk}/"), on=IN_2023)
        assert b"".join(response.streaming_content) == b"\xff\xd8\xffBLURRED"


def _resolved(personas: Personas, day: dt.date) -> tuple[Report, str]:
    done = file_report(personas.hamlet_a_unit, on=IN_2023)
    by = personas.commune_a
    with clock_at(IN_2023, hour=10):
        services.report_accept(report=done.report, version=None, by=by)
    with clock_at(day, hour=10):
        services.report_resolve(
            report=reload(done.report), version=None, public_text="Đã sửa xong.", by=by
        )
    return reload(done.report), done.tracking_code


class RateAndReopenPageTests:
    def test_the_reporter_rates_then_reopens_from_the_page(self, personas: Personas) -> None:
        report, code = _resolved(personas, IN_2023)
        client = Client()
        with clock_at(IN_2023, hour=16):
            page = client.get(url(code)).content.decode()
            assert 'name="rating"' in page and 'name="reason"' in page
            rated = client.post(url(code, "rate/"), {"rating": "2", "comment": "Chưa kỹ"})
            reopened = client.post(url(code, "reopen/"), {"reason": "Lại sạt lở tiếp."})
            page = client.get(url(code)).content.decode()
        assert rated.status_code == 302 and reopened.status_code == 302
        report = reload(report)
        assert (report.rating, report.rating_comment) == (2, "Chưa kỹ")
        assert report.status == Status.REOPENED
        assert "Lại sạt lở tiếp." in page

    def test_bad_rating_and_empty_reason_are_422(self, personas: Personas) -> None:
        report, code = _resolved(personas, IN_2023)
        with clock_at(IN_2023, hour=16):
            assert Client().post(url(code, "rate/"), {"rating": "6"}).status_code == 422
            assert Client().post(url(code, "reopen/"), {"reason": "  "}).status_code == 422
        report = reload(report)
        assert report.rating is None and report.status == Status.RESOLVED

    def test_an_open_report_cannot_be_rated(self, personas: Personas) -> None:
        done = file_report(personas.hamlet_a_unit, on=IN_2023)
        with clock_at(IN_2023, hour=16):
            page = Client().get(url(done.tracking_code)).content.decode()
            refused = Client().post(url(done.tracking_code, "rate/"), {"rating": "5"})
        assert 'name="rating"' not in page
        assert refused.status_code == 409 and reload(done.report).rating is None
