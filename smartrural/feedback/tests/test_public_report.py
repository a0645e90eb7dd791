"""A report's public page, its photos and "me too": only what the public may see, a hidden
report is 404 for everyone, one "me too" per person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from smartrural.feedback import services
from smartrural.feedback.models import PhotoState, Report, Supporter
from smartrural.testing import IN_2023, TODAY, Clock, Personas

from .factories import file_report, reload
from .public_helpers import (
    EMAIL,
    NAME,
    NOTE,
    PHONE,
    jpeg,
    photo_of,
    private_report,
    today_with_successions,
)

pytestmark = pytest.mark.django_db

REPLY = "Xã đã cử người đắp lại đoạn đường."
TAKEN_DOWN = "Lời đáp đã bị gỡ xuống."


def page(report: Report, client: Client | None = None) -> str:
    response = (client or Client()).get(f"/feedback/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def worked_on(p: Personas) -> Report:
    """A private report with a note, a public reply, a reply taken down, and accepted."""
    report = private_report(p.hamlet_a_unit)
    services.report_note(report=report, internal_text=NOTE, by=p.commune_a)
    services.report_reply(report=report, public_text=REPLY, by=p.commune_a)
    services.report_reply(report=report, public_text=TAKEN_DOWN, by=p.commune_a)
    report.events.filter(public_text=TAKEN_DOWN).update(public_text_hidden=True)
    return services.report_accept(report=report, version=reload(report).version, by=p.commune_a)


class ReportPageTests:
    def test_it_shows_the_report_and_its_public_timeline(self, personas: Personas) -> None:
        report = worked_on(personas)
        html = page(report)
        assert "Đường liên ấp bị sạt lở" in html and REPLY in html
        assert "Đường giao thông, cầu, cống" in html and "Ấp Chợ" in html
        assert "01/06/2023" in html and report.deadline.strftime("%d/%m/%Y") in html
        assert "Xã Ngãi Xuyên" in html  # the unit that handles it

    def test_no_private_data_reaches_any_public_page(self, personas: Personas) -> None:
        report = worked_on(personas)
        officer = personas.commune_a
        for url in (f"/feedback/{report.pk}/", "/feedback/units/29479/", "/feedback/units/84/"):
            html = Client().get(url).content.decode()
            for secret in (PHONE, EMAIL, NAME, NOTE, TAKEN_DOWN, officer.username):
                assert secret not in html, (url, secret)
            if officer.display_name:
                assert officer.display_name not in html

    def test_the_name_shows_unless_hidden(self, personas: Personas) -> None:
        assert NAME not in page(private_report(personas.hamlet_a_unit))
        named = file_report(personas.hamlet_a_unit).report
        assert "Nguyễn Văn An" in page(named)

    def test_the_moderators_wording_replaces_the_description(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit, description="Ông Ba ở số 12 đổ rác.").report
        Report.objects.filter(pk=report.pk).update(public_description="Có người đổ rác.")
        html = page(report)
        assert "Có người đổ rác." in html and "Ông Ba" not in html

    def test_a_hidden_report_is_404_for_everyone(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        Report.objects.filter(pk=report.pk).update(hidden=True)
        for user in (None, personas.province, personas.commune_a, personas.resident):
            assert personas.client(user).get(f"/feedback/{report.pk}/").status_code == 404

    def test_an_open_report_past_its_deadline_is_overdue_today(
        self, personas: Personas, clock: Clock
    ) -> None:
        report = file_report(personas.hamlet_a_unit, on=IN_2023).report
        clock.set(report.deadline)
        assert Client().get(f"/feedback/{report.pk}/").context["report"].overdue is False
        clock.set(TODAY)
        assert Client().get(f"/feedback/{report.pk}/").context["report"].overdue is True

    def test_todays_report_page(self, personas: Personas, clock: Clock) -> None:
        today = today_with_successions(personas)
        report = file_report(today.hamlet_a_unit, on=TODAY).report
        clock.set(TODAY)
        html = page(report)
        assert "Xã Trà Cú" in html and "02/12/2026" in html

    def test_open_graph_without_personal_data(self, personas: Personas) -> None:
        report = private_report(personas.hamlet_a_unit)
        html = page(report)
        head = html.split("</head>")[0]
        assert 'property="og:title"' in head and "Đường giao thông, cầu, cống" in head
        assert "Đường liên ấp" not in head and NAME not in head and PHONE not in head


class PhotoTests:
    def test_a_shown_photo_is_served_with_caching_headers(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        photo = photo_of(report)
        url = f"/feedback/{report.pk}/photos/{photo.pk}/"
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert body_of(response) == photo.image.open("rb").read()
        assert "max-age=" in response["Cache-Control"] and response["ETag"]
        again = Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert f'src="{url}"' in page(report)

    def test_a_redacted_photo_is_served_blurred(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        photo = photo_of(report, state=PhotoState.REDACTED)
        response = Client().get(f"/feedback/{report.pk}/photos/{photo.pk}/")
        body = body_of(response)
        assert body == photo.public_image.open("rb").read()
        assert body != photo.image.open("rb").read()

    def test_a_redacted_photo_without_its_copy_is_404(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        photo = photo_of(report, state=PhotoState.REDACTED, blurred=False)
        assert Client().get(f"/feedback/{report.pk}/photos/{photo.pk}/").status_code == 404

    def test_a_removed_photo_is_404_and_not_on_the_page(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        photo = photo_of(report, state=PhotoState.REMOVED)
        url = f"/feedback/{report.pk}/photos/{photo.pk}/"
        assert Client().get(url).status_code == 404
        assert url not in page(report)

    def test_another_reports_photo_or_a_hidden_report_is_404(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        other = file_report(personas.hamlet_a_unit).report
        photo = photo_of(other)
        assert Client().get(f"/feedback/{report.pk}/photos/{photo.pk}/").status_code == 404
        Report.objects.filter(pk=other.pk).update(hidden=True)
        assert Client().get(f"/feedback/{other.pk}/photos/{photo.pk}/").status_code == 404

    def test_a_reply_photo_shows_in_the_timeline(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        services.report_reply(report=report, public_text=REPLY, by=personas.commune_a)
        event = report.events.get(public_text=REPLY)
        photo = photo_of(report, event=event)
        assert f"/feedback/{report.pk}/photos/{photo.pk}/" in page(report)
        assert jpeg()  # the helper makes real JPEGs


class SupportTests:
    def support(self, report: Report, client: Client, phone: str = "") -> int:
        response = client.post(f"/feedback/{report.pk}/me-too/", {"phone": phone})
        return response.status_code

    def test_one_me_too_per_address_the_second_is_a_polite_no_op(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        client = Client()
        url = f"/feedback/{report.pk}/me-too/"
        first = client.post(url, {"phone": ""}, follow=True)
        assert first.redirect_chain == [(f"/feedback/{report.pk}/", 302)]
        assert reload(report).supporters == 1
        second = client.post(url, {"phone": ""}, follow=True)
        assert second.status_code == 200
        assert reload(report).supporters == 1
        assert Supporter.objects.filter(report=report).count() == 1
        said = [str(m) for r in (first, second) for m in r.context["messages"]]
        assert len(said) == 2 and said[0] != said[1]  # thanks, then "already counted"

    def test_a_phone_counts_one_person_across_addresses(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        self.support(report, Client(), phone="0912 345 678")
        self.support(report, Client(REMOTE_ADDR="10.0.0.9"), phone="+84912345678")
        self.support(report, Client(REMOTE_ADDR="10.0.0.9"), phone="0900000001")
        assert reload(report).supporters == 2

    def test_an_account_counts_once_and_no_phone_is_asked(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        client = personas.client(personas.resident)
        assert 'name="phone"' not in page(report, client)
        self.support(report, client)
        self.support(report, client)
        assert reload(report).supporters == 1

    def test_a_bad_phone_is_422_and_stores_nothing(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        response = Client().post(f"/feedback/{report.pk}/me-too/", {"phone": "12345"})
        assert response.status_code == 422
        assert response.context["form"].errors["phone"]
        assert reload(report).supporters == 0 and not Supporter.objects.exists()

    def test_a_hidden_report_takes_no_me_too(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        Report.objects.filter(pk=report.pk).update(hidden=True)
        assert self.support(report, Client()) == 404
        assert not Supporter.objects.exists()

    def test_it_is_a_post_only(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        assert Client().get(f"/feedback/{report.pk}/me-too/").status_code == 405

    def test_the_service_counts_once_per_hash(self, personas: Personas) -> None:
        report = file_report(personas.hamlet_a_unit).report
        assert services.report_support(report=report, who_hash="a" * 64) is True
        assert services.report_support(report=report, who_hash="a" * 64) is False
        assert services.report_support(report=report, who_hash="b" * 64) is True
        assert reload(report).supporters == 2
