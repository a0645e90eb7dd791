"""Moderation: hide, redact the wording, blur a box of a photo (original kept), remove a photo
(file deleted, row kept), take down a public text; each with a reason and a moderated event."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartrural.feedback.models import EventKind, PhotoState, ReportEvent
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import file_report, reload

pytestmark = pytest.mark.django_db


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (200, 100), "white")
    for x in range(200):
        for y in range(100):
            if (x // 10 + y // 10) % 2:
                image.putpixel((x, y), (0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")


def _pixels(file: object) -> Image.Image:
    with file.open("rb") as handle, Image.open(handle) as opened:  # type: ignore[attr-defined]
        return opened.convert("L").copy()


class ModerationTests:
    def test_hide_needs_a_reason_and_records_it(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        url = f"/feedback/work/{report.pk}/hide/"
        with clock_at(IN_2023):
            empty = client.post(url, {"hide-version": report.version, "hide-reason": ""})
            assert empty.status_code == 422 and not reload(report).hidden
            done = client.post(url, {"hide-version": report.version, "hide-reason": "Lộ SĐT."})
        assert done.status_code == 302 and reload(report).hidden
        event = ReportEvent.objects.get(report=report, kind=EventKind.MODERATED)
        assert event.internal_text == "Lộ SĐT." and event.public_text == ""

    def test_redact_wording(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        with clock_at(IN_2023):
            answer = p.client(p.commune_a).post(
                f"/feedback/work/{report.pk}/wording/",
                {
                    "redact-version": report.version,
                    "redact-public_description": "Đường bị sạt lở.",
                    "redact-reason": "Bỏ tên người.",
                },
            )
        assert answer.status_code == 302
        assert reload(report).public_description == "Đường bị sạt lở."

    def test_blur_a_box_keeps_the_original(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, photos=[_photo()]).report
        photo = report.photos.get()
        before = _pixels(photo.image).tobytes()
        url = f"/feedback/work/{report.pk}/photos/{photo.pk}/redact/"
        data = {f"rp{photo.pk}-{k}": v for k, v in {"x": 0, "y": 0, "w": 50, "h": 100}.items()}
        with clock_at(IN_2023):
            too_wide = p.client(p.commune_a).post(
                url, {**data, f"rp{photo.pk}-x": "50.01", f"rp{photo.pk}-reason": "Biển số."}
            )
            assert too_wide.status_code == 422
            assert reload(report).photos.get().state == PhotoState.SHOWN
            exact = p.client(p.commune_a).post(
                url, {**data, f"rp{photo.pk}-x": "50", f"rp{photo.pk}-reason": "Biển số."}
            )
        assert exact.status_code == 302
        photo.refresh_from_db()
        assert photo.state == PhotoState.REDACTED and photo.public_image
        assert _pixels(photo.image).tobytes() == before
        public = _pixels(photo.public_image)
        # the left half is untouched (checkerboard), the right half blurred to greys
        dark, grey = public.getpixel((15, 5)), public.getpixel((150, 50))
        assert isinstance(dark, int) and isinstance(grey, int)
        assert dark < 60 and 60 < grey < 200

    def test_remove_deletes_the_file_keeps_the_row(
        self, personas: Personas, django_capture_on_commit_callbacks: Any
    ) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit, photos=[_photo()]).report
        photo = report.photos.get()
        storage, name = photo.image.storage, photo.image.name
        with clock_at(IN_2023):
            with django_capture_on_commit_callbacks(execute=True):
                answer = p.client(p.commune_a).post(
                    f"/feedback/work/{report.pk}/photos/{photo.pk}/remove/",
                    {f"xp{photo.pk}-reason": "Ảnh không liên quan."},
                )
            assert answer.status_code == 302
            photo.refresh_from_db()
            assert photo.state == PhotoState.REMOVED and not photo.image
            assert not storage.exists(name)
            gone = p.client(p.commune_a).get(
                f"/feedback/work/{report.pk}/photos/{photo.pk}/original.jpg"
            )
        assert gone.status_code == 404

    def test_take_down_a_public_text(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        client = p.client(p.commune_a)
        with clock_at(IN_2023):
            client.post(f"/feedback/work/{report.pk}/reply/", {"public_text": "Gọi 0912."})
            event = ReportEvent.objects.get(report=report, kind=EventKind.REPLY)
            answer = client.post(
                f"/feedback/work/{report.pk}/events/{event.pk}/take-down/",
                {f"td{event.pk}-reason": "Lộ số điện thoại."},
            )
        assert answer.status_code == 302
        event.refresh_from_db()
        assert event.public_text_hidden

    def test_viewer_and_other_commune_cannot_moderate(self, personas: Personas) -> None:
        p = personas
        report = file_report(p.hamlet_a_unit).report
        data = {"hide-version": report.version, "hide-reason": "x"}
        with clock_at(IN_2023):
            assert (
                p.client(p.viewer_a).post(f"/feedback/work/{report.pk}/hide/", data).status_code
                == 403
            )
            assert (
                p.client(p.commune_b).post(f"/feedback/work/{report.pk}/hide/", data).status_code
                == 404
            )
        assert not reload(report).hidden
