"""Endpoint matrix rows of feedback's officers pages: a report about Ngãi Xuyên (commune A)
filed in 2023; its officer, district and the province may act (the viewer reads, 403 to act),
commune B and the other district get 404, residents 404 (officials' area), anonymous → login."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartrural.testing import IN_2023, Personas
from smartrural.testing_matrix import LOGIN, Endpoint, logged_in

from .factories import category, file_report

READ: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 200,
    "district": 200,
    "commune_a": 200,
    "viewer_a": 200,
    "commune_b": 404,
    "other_district": 404,
    "resident": 404,
}

# Pages every official reads (each about their own units); residents 404, anonymous → login.
EVERY_OFFICIAL: dict[str, int | str] = {**logged_in(200), "resident": 404}

# The categories are the province office's: everyone else 403 (residents 404, officials' area).
PROVINCE_ONLY: dict[str, int | str] = {**logged_in(403, resident=404), "province": 200}


def province_only(ok: int) -> dict[str, int | str]:
    return {**PROVINCE_ONLY, "province": ok}


def roads(suffix: str) -> Callable[[Personas], str]:
    return lambda p: f"/feedback/work/categories/{category().pk}/{suffix}"


def act(ok: int) -> dict[str, int | str]:
    return {**READ, "province": ok, "district": ok, "commune_a": ok, "viewer_a": 403}


def _jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG")
    return SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")


def report_url(suffix: str = "", *, photo: bool = False) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        photos = [_jpeg()] if photo else []
        report = file_report(p.hamlet_a_unit, on=IN_2023, photos=photos).report
        suffix_ = suffix.replace("PHOTO", str(report.photos.get().pk)) if photo else suffix
        return f"/feedback/work/{report.pk}/{suffix_}"

    return build


def event_url(p: Personas) -> str:
    report = file_report(p.hamlet_a_unit, on=IN_2023).report
    event = report.events.get()
    event.public_text = "Đã tiếp nhận."
    event.save()
    return f"/feedback/work/{report.pk}/events/{event.pk}/take-down/"


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "feedback-work:queue", "get", lambda p: "/feedback/work/", logged_in(200, resident=404)
    ),
    Endpoint(
        "feedback-work:bulk-assign",
        "post",
        lambda p: "/feedback/work/assign/",
        {**logged_in(422, resident=404), "viewer_a": 403},
        body={"assignee": "", "report": []},
    ),
    Endpoint(
        "feedback-work:new",
        "get",
        lambda p: "/feedback/work/new/",
        {**READ, "commune_b": 200, "other_district": 200, "viewer_a": 403},
    ),
    Endpoint("feedback-work:report", "get", report_url(), READ),
    Endpoint(
        "feedback-work:categories", "get", lambda p: "/feedback/work/categories/", EVERY_OFFICIAL
    ),
    Endpoint(
        "feedback-work:category-create",
        "get",
        lambda p: "/feedback/work/categories/new/",
        PROVINCE_ONLY,
    ),
    Endpoint(
        "feedback-work:category-create",
        "post",
        lambda p: "/feedback/work/categories/new/",
        province_only(302),
        body={
            "code": "cay-xanh",
            "name": "Cây xanh",
            "level": "commune",
            "role": "commune_officer",
            "deadline_days": "10",
            "position": "0",
        },
    ),
    Endpoint("feedback-work:category-edit", "get", roads("edit/"), PROVINCE_ONLY),
    Endpoint("feedback-work:category-deactivate", "post", roads("deactivate/"), province_only(302)),
    Endpoint("feedback-work:category-reactivate", "post", roads("reactivate/"), province_only(302)),
    Endpoint("feedback-work:category-history", "get", roads("history/"), EVERY_OFFICIAL),
    Endpoint(
        "feedback-work:statistics", "get", lambda p: "/feedback/work/statistics/", EVERY_OFFICIAL
    ),
    Endpoint(
        "feedback-work:statistics-xlsx",
        "get",
        lambda p: "/feedback/work/statistics.xlsx",
        EVERY_OFFICIAL,
    ),
    Endpoint(
        "feedback-work:statistics-pdf",
        "get",
        lambda p: "/feedback/work/statistics.pdf",
        EVERY_OFFICIAL,
    ),
    Endpoint("feedback-work:report-history", "get", report_url("history/"), READ),
    Endpoint(
        "feedback-work:report-photo",
        "get",
        report_url("photos/PHOTO/original.jpg", photo=True),
        READ,
    ),
    Endpoint(
        "feedback-work:report-action",
        "post",
        report_url("accept/"),
        act(302),
        body={"version": "1"},
    ),
    Endpoint(
        "feedback-work:report-action",
        "post",
        report_url("note/"),
        act(302),
        body={"internal_text": "Đã gọi điện cho người phản ánh."},
    ),
    Endpoint(
        "feedback-work:report-hide",
        "post",
        report_url("hide/"),
        act(302),
        body={"hide-version": "1", "hide-reason": "Lộ thông tin cá nhân."},
    ),
    Endpoint(
        "feedback-work:report-unhide",
        "post",
        report_url("unhide/"),
        act(409),  # a public report cannot be shown again
        body={"hide-version": "1", "hide-reason": "Đã kiểm tra."},
    ),
    Endpoint(
        "feedback-work:report-redact",
        "post",
        report_url("wording/"),
        act(302),
        body={
            "redact-version": "1",
            "redact-public_description": "Đường hư.",
            "redact-reason": "x",
        },
    ),
    Endpoint(
        "feedback-work:photo-redact",
        "post",
        report_url("photos/PHOTO/redact/", photo=True),
        act(422),  # no box given
        body={"reason": "Biển số xe."},
    ),
    Endpoint(
        "feedback-work:photo-remove",
        "post",
        report_url("photos/PHOTO/remove/", photo=True),
        act(422),  # the reason carries the photo's prefix
        body={"reason": "Ảnh không liên quan."},
    ),
    Endpoint(
        "feedback-work:event-take-down",
        "post",
        event_url,
        act(422),  # the reason carries the event's prefix
        body={"reason": "Lộ số điện thoại."},
    ),
]
