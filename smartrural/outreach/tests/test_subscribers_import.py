"""The subscriber import: all or nothing with a per-row report, duplicates in the file refused,
known addresses updated, the template read back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from smartrural.testing import Personas

from ..models import Subscriber, Topic, UnsubscribeReason
from ..services.subscribers import subscriber_unsubscribe
from ..services.subscribers_import import subscriber_rows, template_bytes
from . import factories

pytestmark = pytest.mark.django_db

URL = "/outreach/work/subscribers/import/"
HEADER = "Ấp;Họ tên;Số điện thoại;Email;Chủ đề;Kênh;Ngày đồng ý;Hình thức đồng ý\n"


def post(personas: Personas, text: str, user: Any = None) -> Any:
    client = personas.client(user or personas.commune_a)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("ds.csv", text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(URL, {"file": upload})


def report(response: Any) -> list[tuple[str, str, str]]:
    rows = response.context["errors"]
    return [(str(e.row), e.column, e.message) for e in rows]


class SubscriberImportTests:
    def test_it_adds_every_row(self, personas: Personas) -> None:
        response = post(
            personas,
            HEADER
            + "2947901;Nguyễn Văn An;0912 345 678;;thời tiết, nông nghiệp;ZNS, SMS;05/01/2026;\n"
            + "Ấp Chợ;;;binh@example.vn;Tất cả;email;2026-01-06;phiếu đăng ký\n",
        )
        assert response.status_code == 302
        an = Subscriber.objects.get(phone="84912345678")
        assert (an.name, an.channels, an.consent_source) == ("Nguyễn Văn An", "zns,sms", "import")
        assert set(an.topic_list) == {Topic.WEATHER, Topic.AGRICULTURE}
        binh = Subscriber.objects.get(email="binh@example.vn")
        assert binh.topic_list == list(Topic.values) and binh.consent_source == "paper"
        assert an.history.get().history_user == personas.commune_a

    def test_a_bad_row_in_the_middle_writes_nothing(self, personas: Personas) -> None:
        response = post(
            personas,
            HEADER
            + "2947901;An;0912345678;;thời tiết;SMS;05/01/2026;\n"
            + "2947901;Bình;028 3822 1234;;thời tiết;SMS;32/01/2026;\n"
            + "2947901;Cường;0987654321;;thời tiết;SMS;05/01/2026;\n",
        )
        assert response.status_code == 422
        assert Subscriber.objects.count() == 0
        problems = report(response)
        assert [(r, c) for r, c, _m in problems] == [("3", "Consent date"), ("3", "Mobile number")]
        assert "nothing was saved" in response.content.decode()

    def test_the_same_phone_twice_in_the_file_is_refused_by_row(self, personas: Personas) -> None:
        response = post(
            personas,
            HEADER
            + "2947901;An;0912345678;;thời tiết;SMS;05/01/2026;\n"
            + "2947901;An;+84 912 345 678;;thời tiết;SMS;05/01/2026;\n",
        )
        assert report(response) == [("3", "Mobile number", "The same address is on row 2.")]
        assert Subscriber.objects.count() == 0

    def test_a_known_phone_updates_its_subscriber(self, personas: Personas) -> None:
        known = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", name="Cũ")
        response = post(personas, HEADER + "2947901;Mới;0912345678;;y tế;SMS;05/01/2026;\n")
        assert response.status_code == 302
        known.refresh_from_db()
        assert (known.name, known.topic_list, known.version) == ("Mới", [Topic.HEALTH], 2)
        assert known.history.count() == 2

    def test_an_unsubscribed_phone_is_refused(self, personas: Personas) -> None:
        gone = factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
        subscriber_unsubscribe(subscriber=gone, reason=UnsubscribeReason.STOP)
        response = post(personas, HEADER + "2947901;An;0912345678;;y tế;SMS;05/01/2026;\n")
        assert response.status_code == 422
        assert "unsubscribed" in report(response)[0][2]
        gone.refresh_from_db()
        assert not gone.active

    def test_a_hamlet_outside_the_officers_units_is_refused(self, personas: Personas) -> None:
        response = post(
            personas,
            HEADER + "2947901;An;0912345678;;y tế;SMS;05/01/2026;\n",
            user=personas.commune_b,
        )
        assert report(response)[0][:2] == ("2", "Hamlet")
        assert Subscriber.objects.count() == 0

    def test_missing_columns_are_named(self, personas: Personas) -> None:
        response = post(personas, "Ấp;Số điện thoại\n2947901;0912345678\n")
        assert response.status_code == 422
        assert "Column(s) missing" in response.content.decode()

    def test_the_template_reads_back(self) -> None:
        sheet = load_workbook(io.BytesIO(template_bytes())).active
        assert sheet is not None
        rows = subscriber_rows([list(r) for r in sheet.iter_rows(values_only=True)])
        assert rows[0].cells["phone"] == "0912 345 678"


class ImportWriteTests:
    def test_a_subscriber_changed_between_check_and_write_writes_nothing(
        self, personas: Personas, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ..services.subscribers_import import write as module

        known = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", name="Cũ")
        prepare = module.prepare_bulk_write

        def edited_meanwhile(*args: Any, **kwargs: Any) -> Any:
            # Another officer saves the subscriber after the check, before the write.
            Subscriber.objects.get(pk=known.pk).save()
            return prepare(*args, **kwargs)

        monkeypatch.setattr(module, "prepare_bulk_write", edited_meanwhile)
        response = post(
            personas,
            HEADER
            + "2947901;Mới;0912345678;;y tế;SMS;05/01/2026;\n"
            + "2947901;Khác;0987654321;;y tế;SMS;05/01/2026;\n",
        )
        assert response.status_code == 422
        assert [r for r, _c, _m in report(response)] == ["2"]
        assert "changed by someone else" in report(response)[0][2]
        assert Subscriber.objects.count() == 1
        assert Subscriber.objects.get().name == "Cũ"
