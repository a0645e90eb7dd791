"""The commune's rural construction plan on its portal: the page, its land-use zones, residents'
comments while the draft is open, and the officers' moderation under /portal/work/."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import translation
from django.utils.html import escape

from smartrural.portal.models import CommentStatus, PlanComment, PlanPage, PlanStatus
from smartrural.portal.services.plan import plan_comment_publish
from smartrural.portal.zones import MAX_BYTES, MAX_FEATURES, parse_zones
from smartrural.testing import IN_2023, Personas, clock_at

from .factories import (
    CLOSES,
    build_portals,
    open_plan,
    plan_of,
    publish_plan,
    send_comment,
    url_of,
)

pytestmark = pytest.mark.django_db

PLAN_URL = "/xa/ngai-xuyen/quy-hoach/"
COMMENT_URL = PLAN_URL + "gop-y/"
# Near Ngãi Xuyên (Trà Cú, Trà Vinh).
LNG, LAT = 106.27, 9.72


def vi(msgid: str, *, html: bool = True, **params: Any) -> str:
    """``msgid`` as the pages show it: Vietnamese once translated, escaped as in HTML (not
    with ``html=False``, as a ``ValidationError`` holds it)."""
    with translation.override("vi"):
        text = translation.gettext(msgid)
    text = text % params if params else text
    return escape(text) if html else text


def square(lng: float = LNG, lat: float = LAT, side_m: float = 100.0) -> list[list[float]]:
    """A closed ring: a square of about ``side_m`` metres a side, its south-west corner at
    (``lng``, ``lat``)."""
    dlat = side_m / 111_320
    dlng = side_m / (111_320 * math.cos(math.radians(lat)))
    return [
        [lng, lat],
        [lng + dlng, lat],
        [lng + dlng, lat + dlat],
        [lng, lat + dlat],
        [lng, lat],
    ]


def feature(
    ring: list[list[float]] | None = None,
    *,
    name: str | None = "Khu dân cư ấp Chợ",
    use: str | None = "Đất ở nông thôn",
    geometry: dict[str, Any] | None = None,
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if name is not None:
        properties["name"] = name
    if use is not None:
        properties["use"] = use
    return {
        "type": "Feature",
        "geometry": geometry or {"type": "Polygon", "coordinates": [ring or square()]},
        "properties": properties,
    }


def collection(*features: dict[str, Any]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def problems(text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_zones(text)
    return caught.value.messages


def comment_form(**over: str) -> dict[str, str]:
    data = {
        "name": "Thạch Sô Phên",
        "hamlet": "Ấp Chợ",
        "text": "Đề nghị mở rộng đường ra ấp Chợ lên 5 m.",
        "phone": "0912 345 678",
        "website": "",
    }
    data.update(over)
    return data


THANKS = vi(
    "Thank you: your comment was sent. It is published under the plan once the commune "
    "officers have read it."
)


PERIOD = vi(
    "Residents may comment on this draft from %(start)s to %(end)s (both days included).",
    start="01/06/2023",
    end="30/06/2023",
)


def has_form(page: str) -> bool:
    return 'id="comment-form"' in page


class PlanCommentStoryTests:
    """Done when: a draft plan receives a resident's comment that an officer answers; it is
    closed for comments after its period."""

    def test_a_resident_comments_an_officer_answers_and_the_period_closes(
        self, personas: Personas
    ) -> None:
        p = personas
        with clock_at(IN_2023):
            open_plan(build_portals(p)["29479"], opens=IN_2023, until=CLOSES)
        resident, officer, public = Client(), p.client(p.commune_a), Client()

        # The first day of the period: the form is there, the comment is stored, not shown.
        with clock_at(IN_2023):
            first = public.get(PLAN_URL)
            page = first.content.decode()
            assert has_form(page)
            assert PERIOD in page
            # A page with a form holds the reader's CSRF token: never from the cache.
            assert not first.has_header("ETag")
            assert not public.get(PLAN_URL).has_header("ETag")
            sent = resident.post(COMMENT_URL, comment_form())
            assert sent.status_code == 302
            assert sent["Location"] == PLAN_URL + "#gop-y"
            thanked = resident.get(sent["Location"]).content.decode()
            assert THANKS in thanked
        comment = PlanComment.objects.get()
        assert (comment.status, comment.phone, comment.hamlet) == (
            "pending",
            "0912345678",
            "Ấp Chợ",
        )
        with clock_at(IN_2023):
            page = public.get(PLAN_URL).content.decode()
        assert "Đề nghị mở rộng đường" not in page  # awaiting moderation

        # The commune's officer publishes and answers it from /portal/work/.
        with clock_at(IN_2023, hour=14):
            listed = officer.get("/portal/work/?status=pending").content.decode()
            assert f"/portal/work/comments/{comment.pk}/" in listed
            shown = officer.get(f"/portal/work/comments/{comment.pk}/").content.decode()
            assert "0912345678" in shown  # officers see the phone
            published = officer.post(
                f"/portal/work/comments/{comment.pk}/publish/",
                {"publish-version": comment.version},
            )
            assert published.status_code == 302
            comment.refresh_from_db()
            answered = officer.post(
                f"/portal/work/comments/{comment.pk}/answer/",
                {
                    "answer-version": comment.version,
                    "answer-answer": "UBND xã sẽ đưa tuyến đường vào quy hoạch giai đoạn 2026.",
                },
            )
            assert answered.status_code == 302
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PUBLISHED
        assert comment.answered_by == p.commune_a and comment.answered_at is not None
        assert comment.history.count() == 3  # sent, published, answered

        # Anyone reads the comment and its answer; never the phone.
        with clock_at(IN_2023, hour=15):
            page = public.get(PLAN_URL).content.decode()
        assert "Đề nghị mở rộng đường ra ấp Chợ lên 5 m." in page
        assert "UBND xã sẽ đưa tuyến đường vào quy hoạch giai đoạn 2026." in page
        assert "0912345678" not in page and "0912 345 678" not in page

        # The last day of the period: still open.
        with clock_at(CLOSES, hour=23):
            assert has_form(public.get(PLAN_URL).content.decode())
            last = Client(REMOTE_ADDR="10.0.0.2").post(
                COMMENT_URL, comment_form(text="Giữ lại sân bóng ấp.")
            )
        assert last.status_code == 302
        assert PlanComment.objects.count() == 2

        # The day after: no form, a post is refused and nothing is stored.
        day_after = CLOSES + dt.timedelta(days=1)
        with clock_at(day_after, hour=0):
            page = public.get(PLAN_URL).content.decode()
            refused = Client(REMOTE_ADDR="10.0.0.3").post(
                COMMENT_URL, comment_form(text="Quá hạn.")
            )
        assert not has_form(page)
        closed = vi("Comments on this draft closed on %(day)s.", day="30/06/2023")
        assert closed in page
        assert refused.status_code == 400
        assert closed in refused.content.decode()
        assert not has_form(refused.content.decode())
        assert PlanComment.objects.count() == 2

        # Publishing after the period shows at once on the (cached) page.
        late = PlanComment.objects.get(text="Giữ lại sân bóng ấp.")
        with clock_at(day_after, hour=9):
            before = public.get(PLAN_URL)
            assert public.get(PLAN_URL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
            officer.post(
                f"/portal/work/comments/{late.pk}/publish/", {"publish-version": late.version}
            )
            after = public.get(PLAN_URL, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert "Giữ lại sân bóng ấp." in after.content.decode()


class CommentPeriodTests:
    def test_the_day_before_the_period_there_is_no_form_and_a_post_is_refused(
        self, personas: Personas
    ) -> None:
        with clock_at(IN_2023):
            open_plan(build_portals(personas)["29479"], opens=IN_2023, until=CLOSES)
        with clock_at(IN_2023 - dt.timedelta(days=1), hour=23):
            page = Client().get(PLAN_URL).content.decode()
            refused = Client().post(COMMENT_URL, comment_form())
        assert not has_form(page)
        assert vi("Comments on this draft open on %(day)s.", day="01/06/2023") in page
        assert refused.status_code == 400
        assert not PlanComment.objects.exists()
        # At midnight the form is there, though the page was cached the day before.
        with clock_at(IN_2023, hour=0):
            assert has_form(Client().get(PLAN_URL).content.decode())

    def test_an_approved_plan_takes_no_comments(self, personas: Personas) -> None:
        with clock_at(IN_2023):
            publish_plan(
                build_portals(personas)["29479"],
                comments_open_from=IN_2023,
                comments_open_until=CLOSES,
                status=PlanStatus.APPROVED,
                decision_number="1234/QĐ-UBND",
                decision_date=dt.date(2023, 5, 20),
                period_start=2021,
                period_end=2030,
            )
            page = Client().get(PLAN_URL).content.decode()
            refused = Client().post(COMMENT_URL, comment_form())
        assert not has_form(page)
        assert "1234/QĐ-UBND" in page and "20/05/2023" in page and "2021–2030" in page
        assert refused.status_code == 400
        assert vi("This plan is approved: it no longer takes comments.") in (
            refused.content.decode()
        )
        assert not PlanComment.objects.exists()

    def test_a_get_on_the_comment_address_is_405(self, personas: Personas) -> None:
        with clock_at(IN_2023):
            open_plan(build_portals(personas)["29479"])
            assert Client().get(COMMENT_URL).status_code == 405


class CommentFormTests:
    def test_missing_and_too_long_input_is_422_and_nothing_is_stored(
        self, personas: Personas
    ) -> None:
        limit = int(settings.TEXT_MAX_CHARS)
        with clock_at(IN_2023):
            open_plan(build_portals(personas)["29479"])
            empty = Client().post(COMMENT_URL, comment_form(name="", text=""))
            long = Client().post(COMMENT_URL, comment_form(text="x" * (limit + 1)))
            bad_phone = Client().post(COMMENT_URL, comment_form(phone="12345"))
            at_limit = Client().post(COMMENT_URL, comment_form(text="x" * limit))
        assert empty.status_code == 422
        page = empty.content.decode()
        assert vi("Write your name: it is published with your comment.") in page
        assert vi("Write your comment.") in page
        assert long.status_code == 422
        assert bad_phone.status_code == 422
        assert at_limit.status_code == 302
        assert PlanComment.objects.count() == 1

    def test_a_filled_honeypot_looks_sent_and_stores_nothing(self, personas: Personas) -> None:
        with clock_at(IN_2023):
            open_plan(build_portals(personas)["29479"])
            sent = Client().post(COMMENT_URL, comment_form(website="http://spam.example"))
        assert sent.status_code == 302
        assert not PlanComment.objects.exists()

    def test_five_comments_an_hour_from_one_address_then_429(self, personas: Personas) -> None:
        with clock_at(IN_2023, hour=9):
            open_plan(build_portals(personas)["29479"])
            client = Client()
            statuses = [client.post(COMMENT_URL, comment_form()).status_code for _ in range(5)]
            refused = client.post(COMMENT_URL, comment_form())
            other = Client(REMOTE_ADDR="10.1.2.3").post(COMMENT_URL, comment_form())
        assert statuses == [302] * 5
        assert refused.status_code == 429
        assert "10:01 01/06/2023" in refused.content.decode()
        assert other.status_code == 302
        assert PlanComment.objects.count() == 6


class PublicCommentsTests:
    def test_only_published_comments_show_and_their_text_is_escaped(
        self, personas: Personas
    ) -> None:
        with clock_at(IN_2023):
            plan = open_plan(build_portals(personas)["29479"])
            send_comment(plan, text="Chờ duyệt.")
            send_comment(plan, text="Bị từ chối.", status=CommentStatus.REJECTED)
            send_comment(
                plan,
                text='<script>alert("x")</script>\nDòng hai',
                name="<b>Tên</b>",
                status=CommentStatus.PUBLISHED,
                answer="<img src=x onerror=alert(1)>",
            )
            page = Client().get(PLAN_URL).content.decode()
        assert "Chờ duyệt." not in page and "Bị từ chối." not in page
        assert "0912345678" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Dòng hai" in page
        assert "<script>alert" not in page
        assert "&lt;b&gt;Tên&lt;/b&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page

    def test_every_commune_portal_has_a_plan_and_the_province_none(
        self, personas: Personas
    ) -> None:
        portals = build_portals(personas)
        for code in ("29479", "29482", "29269"):
            assert url_of(plan_of(portals[code])).endswith("/quy-hoach/")
        assert not PlanPage.objects.child_of(portals["84"]).exists()
        # A section of the portal's menu.
        with clock_at(IN_2023):
            home = Client().get("/xa/ngai-xuyen/").content.decode()
        assert f'href="{PLAN_URL}"' in home


class ZoneTests:
    def test_zones_are_listed_with_their_area_and_mapped_only_with_a_tile_server(
        self, personas: Personas
    ) -> None:
        zones = collection(
            feature(square(side_m=100)),
            feature(square(LNG + 0.01, side_m=200), name="Ruộng lúa", use="Đất trồng lúa"),
        )
        with clock_at(IN_2023):
            publish_plan(build_portals(personas)["29479"], zones=zones)
            plain = Client().get(PLAN_URL).content.decode()
        assert "Khu dân cư ấp Chợ" in plain and "Đất trồng lúa" in plain
        assert "1,00" in plain and "4,00" in plain and "5,00" in plain  # ha, and the total
        assert "plan-map-data" not in plain and "plan-map.js" not in plain
        with (
            override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png"),
            clock_at(IN_2023, hour=10),
        ):
            mapped = Client().get(PLAN_URL).content.decode()
        assert '<script id="plan-map-data" type="application/json">' in mapped
        assert "portal/plan-map.js" in mapped and "leaflet.js" in mapped
        # No inline script (the CSP allows none): every script is a file or a JSON block.
        assert re.findall(r'<script(?![^>]*(?:src=|type="application/json"))', mapped) == []

    def test_an_area_is_about_right(self) -> None:
        (zone,) = parse_zones(collection(feature(square(side_m=100))))
        assert zone.area_ha == pytest.approx(1.0, rel=0.01)
        holed = feature(
            geometry={
                "type": "MultiPolygon",
                "coordinates": [[square(side_m=200), square(LNG + 0.0003, LAT + 0.0003, 100)]],
            }
        )
        (zone,) = parse_zones(collection(holed))
        assert zone.area_ha == pytest.approx(3.0, rel=0.01)

    def test_the_size_limit_counts_bytes_exactly(self) -> None:
        text = collection(feature())
        at_limit = text + " " * (MAX_BYTES - len(text.encode()))
        assert len(parse_zones(at_limit)) == 1
        assert problems(at_limit + " ") == [
            vi(
                "The zones must be at most %(max)s KB of GeoJSON; this text is %(size)s KB.",
                html=False,
                max=200,
                size=201,
            )
        ]

    def test_at_most_500_zones(self) -> None:
        one = feature()
        assert len(parse_zones(collection(*[one] * MAX_FEATURES))) == MAX_FEATURES
        assert problems(collection(*[one] * (MAX_FEATURES + 1))) == [
            vi(
                "At most %(max)d zones in a plan; this text has %(count)d.",
                html=False,
                max=MAX_FEATURES,
                count=MAX_FEATURES + 1,
            )
        ]

    def test_each_problem_names_its_zone(self) -> None:
        point = feature(geometry={"type": "Point", "coordinates": [LNG, LAT]})
        swapped = feature([[lat, lng] for lng, lat in square()])
        open_ring = feature([*square()[:-1], [LNG, LAT + 0.001]])
        found = problems(
            collection(
                feature(),
                point,
                feature(name=None),
                feature(use=""),
                swapped,
                open_ring,
                feature(square()[:3]),
            )
        )
        assert found == [
            vi(
                "Zone %(n)d is a %(type)s: only Polygon and MultiPolygon zones are accepted.",
                html=False,
                n=2,
                type="Point",
            ),
            vi("Zone %(n)d needs a “name” property: the name of the zone.", html=False, n=3),
            vi(
                "Zone %(n)d needs a “use” property: its land use (đất ở, đất trồng lúa…).",
                html=False,
                n=4,
            ),
            vi(
                "Zone %(n)d: the position [%(lng)s, %(lat)s] is outside Viet Nam. GeoJSON gives "
                "the longitude first (102 to 117 in Viet Nam), then the latitude (6 to 23).",
                html=False,
                n=5,
                lng="9.72",
                lat="106.27",
            ),
            vi(
                "Zone %(n)d: a ring is not closed (its last position must repeat its first).",
                html=False,
                n=6,
            ),
            vi(
                "Zone %(n)d: a ring has %(count)d positions; it needs at least 4.",
                html=False,
                n=7,
                count=3,
            ),
        ]

    def test_the_box_of_viet_nam_is_inclusive(self) -> None:
        corner = [[102.0, 6.0], [102.001, 6.0], [102.001, 6.001], [102.0, 6.001], [102.0, 6.0]]
        assert len(parse_zones(collection(feature(corner)))) == 1
        west = [[101.999, 6.0], *corner[1:-1], [101.999, 6.0]]
        assert len(problems(collection(feature(west)))) == 1

    def test_what_is_not_json_or_geojson(self) -> None:
        assert len(problems("{")) == 1
        assert len(problems('{"type": "FeatureCollection", "features": [NaN]}')) == 1
        assert len(problems("[" * 100_000 + "]" * 100_000)) == 1
        assert len(problems('{"type": "Feature"}')) == 1
        assert parse_zones("  ") == []

    def test_the_page_refuses_wrong_zones_on_save(self, personas: Personas) -> None:
        home = build_portals(personas)["29479"]
        point = feature(geometry={"type": "Point", "coordinates": [LNG, LAT]})
        with pytest.raises(ValidationError) as caught:
            publish_plan(home, zones=collection(feature(), point))
        assert "zones" in caught.value.message_dict


class PlanEditingTests:
    def test_editors_open_the_plan_in_the_admin_and_another_commune_gets_404(
        self, personas: Personas
    ) -> None:
        p = personas
        plan = plan_of(build_portals(p)["29479"])
        page = p.client(p.commune_a).get(f"/cms/pages/{plan.pk}/edit/")
        assert page.status_code == 200
        text = page.content.decode()
        for field in ("decision_number", "comments_open_from", "zones", "map_images"):
            assert field in text
        assert p.client(p.commune_b).get(f"/cms/pages/{plan.pk}/edit/").status_code == 404


class PlanChecksTests:
    def test_an_approved_plan_needs_its_decision_and_a_period_in_order(
        self, personas: Personas
    ) -> None:
        home = build_portals(personas)["29479"]
        with pytest.raises(ValidationError) as caught:
            publish_plan(home, status=PlanStatus.APPROVED, period_start=2030, period_end=2021)
        assert set(caught.value.message_dict) >= {
            "decision_number",
            "decision_date",
            "period_end",
        }
        with pytest.raises(ValidationError) as caught:
            publish_plan(
                home,
                comments_open_from=CLOSES,
                comments_open_until=IN_2023,
            )
        assert "comments_open_until" in caught.value.message_dict


class ModerationAccessTests:
    def _comment(self, personas: Personas) -> PlanComment:
        with clock_at(IN_2023):
            plan = open_plan(build_portals(personas)["29479"])
        return send_comment(plan)

    def test_another_communes_officer_gets_404(self, personas: Personas) -> None:
        p = personas
        comment = self._comment(p)
        other = p.client(p.commune_b)
        assert other.get(f"/portal/work/comments/{comment.pk}/").status_code == 404
        refused = other.post(
            f"/portal/work/comments/{comment.pk}/publish/", {"publish-version": comment.version}
        )
        assert refused.status_code == 404
        listed = other.get("/portal/work/").content.decode()
        assert f"/portal/work/comments/{comment.pk}/" not in listed
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PENDING

    def test_a_viewer_reads_but_gets_403_on_writes(self, personas: Personas) -> None:
        p = personas
        comment = self._comment(p)
        viewer = p.client(p.viewer_a)
        page = viewer.get(f"/portal/work/comments/{comment.pk}/")
        assert page.status_code == 200 and 'id="actions"' not in page.content.decode()
        for action, data in (
            ("publish", {"publish-version": comment.version}),
            ("reject", {"reject-version": comment.version, "reject-reason": "Trùng."}),
            ("answer", {"answer-version": comment.version, "answer-answer": "Trả lời."}),
        ):
            response = viewer.post(f"/portal/work/comments/{comment.pk}/{action}/", data)
            assert response.status_code == 403, action
        comment.refresh_from_db()
        assert (comment.status, comment.answer) == (CommentStatus.PENDING, "")

    def test_residents_404_and_anonymous_to_login(self, personas: Personas) -> None:
        p = personas
        comment = self._comment(p)
        assert p.client(p.resident).get("/portal/work/").status_code == 404
        login = Client().get(f"/portal/work/comments/{comment.pk}/")
        assert login.status_code == 302 and login["Location"].startswith("/accounts/login/")

    def test_a_stale_version_is_409_and_changes_nothing(self, personas: Personas) -> None:
        p = personas
        comment = self._comment(p)
        officer = p.client(p.commune_a)
        loaded = comment.version
        officer.post(
            f"/portal/work/comments/{comment.pk}/answer/",
            {"answer-version": loaded, "answer-answer": "Trả lời thứ nhất."},
        )
        stale = p.client(p.district).post(
            f"/portal/work/comments/{comment.pk}/answer/",
            {"answer-version": loaded, "answer-answer": "Trả lời khác."},
        )
        assert stale.status_code == 409
        assert 'id="edit-conflict"' in stale.content.decode()
        comment.refresh_from_db()
        assert comment.answer == "Trả lời thứ nhất."

    def test_rejecting_needs_a_reason_and_takes_a_published_comment_down(
        self, personas: Personas
    ) -> None:
        p = personas
        with clock_at(IN_2023):
            plan = open_plan(build_portals(p)["29479"])
            comment = send_comment(plan, text="Bình luận công khai.", status="published")
            assert "Bình luận công khai." in Client().get(PLAN_URL).content.decode()
            officer = p.client(p.commune_a)
            url = f"/portal/work/comments/{comment.pk}/reject/"
            empty = officer.post(url, {"reject-version": comment.version, "reject-reason": ""})
            done = officer.post(
                url, {"reject-version": comment.version, "reject-reason": "Lời lẽ xúc phạm."}
            )
            page = Client().get(PLAN_URL).content.decode()
        assert empty.status_code == 422 and done.status_code == 302
        comment.refresh_from_db()
        assert (comment.status, comment.rejection_reason) == ("rejected", "Lời lẽ xúc phạm.")
        assert "Bình luận công khai." not in page and "Lời lẽ xúc phạm." not in page

    def test_the_list_filters_by_status_and_counts(self, personas: Personas) -> None:
        p = personas
        comment = self._comment(p)
        send_comment(comment.plan, text="Đã đăng.", status=CommentStatus.PUBLISHED)
        officer = p.client(p.district)
        pending = officer.get("/portal/work/?status=pending").content.decode()
        assert f"#{comment.pk}<" in pending and "Đã đăng." not in pending
        every = officer.get("/portal/work/").content.decode()
        assert "Đã đăng." in every
        assert officer.get(f"/portal/work/comments/{comment.pk}/history/").status_code == 200


class PlanConsultationTests:
    """The plan's comments are its consultation: residents agree, disagree or comment; the
    published ones are counted by stance on the plan's page and on /portal/work/."""

    def test_stances_are_counted_once_published(self, personas: Personas) -> None:
        with clock_at(IN_2023):
            plan = open_plan(build_portals(personas)["29479"])
            agree = Client().post(COMMENT_URL, comment_form(stance="agree", text=""))
            bare_comment = Client().post(COMMENT_URL, comment_form(stance="comment", text=""))
            Client().post(COMMENT_URL, comment_form(stance="disagree", text="Chưa hợp lý."))
        assert agree.status_code == 302
        assert bare_comment.status_code == 422
        assert vi("Write your comment.") in bare_comment.content.decode()
        stored = {c.stance: c for c in PlanComment.objects.all()}
        assert set(stored) == {"agree", "disagree"}
        with clock_at(IN_2023):
            page = Client().get(PLAN_URL).content.decode()
            assert '<strong data-stance="agree">0</strong>' in page  # none published yet
            for comment in stored.values():
                plan_comment_publish(
                    comment=comment, version=comment.version, by=personas.commune_a
                )
            send_comment(plan, text="Bị từ chối.", stance="agree", status=CommentStatus.REJECTED)
            page = Client().get(PLAN_URL).content.decode()
        assert '<strong data-stance="agree">1</strong>' in page
        assert '<strong data-stance="disagree">1</strong>' in page
        assert '<strong data-stance="comment">0</strong>' in page
        work = personas.client(personas.commune_a).get("/portal/work/").content.decode()
        row = work.split(f'data-plan="{plan.pk}"')[1].split("</tr>")[0]
        cells = [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:]]
        assert cells == ["1", "1", "0", "0"]
