"""The outreach API (/api/v1/outreach/…) through the test client: messages with their
Idempotency-Key, campaigns and their steps, bulletins spoken from text, published and exported
as CAP; bad input is a 4xx JSON with a specific message and writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from smartrural.accounts.models import User
from smartrural.accounts.tokens import api_token_create
from smartrural.testing import Personas

from .. import cap
from ..channels.base import Permanent
from ..channels.memory import MemoryAdapter
from ..models import (
    Bulletin,
    BulletinStatus,
    Campaign,
    Message,
    MessageStatus,
    Priority,
)
from ..services.campaigns import campaign_enqueue, campaign_submit
from . import bulletin_factories, factories
from .campaign_factories import campaign as make_campaign
from .campaign_factories import commune_template, second_province_officer

pytestmark = pytest.mark.django_db

API = "/api/v1/outreach"
AS_OF = "2023-06-01"


def client_for(personas: Personas, user: User | None) -> Client:
    client = personas.client(user)
    client.cookies["django_language"] = "en"
    return client


def bearer_client(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.cookies["django_language"] = "en"
    return client


def post(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(
        API + path, data=json.dumps(body), content_type="application/json", headers=headers
    )


# ---------------------------------------------------------------------------------------------
# Messages


def notice(**fields: Any) -> dict[str, Any]:
    return {
        "unit": "29479",
        "as_of": AS_OF,
        "topic": "weather",
        "body": "Nước mặn vào sâu, bà con ngưng lấy nước sông tưới lúa.",
        "phone": "0912345678",
        "channels": ["sms"],
        **fields,
    }


class MessageTests:
    def test_a_system_sends_a_message_with_its_token(self, personas: Personas) -> None:
        client = bearer_client(personas.commune_a)
        response = post(client, "/messages", notice(), **{"Idempotency-Key": "canh-bao-1"})
        assert response.status_code == 201, response.content
        out = response.json()
        message = Message.objects.get()
        assert out["uid"] == str(message.uid)
        assert (out["status"], out["channel"], out["unit"]) == ("queued", "sms", "29479")
        assert (message.address, message.unit_id) == ("84912345678", personas.commune_a_unit.pk)
        assert message.source == f"api-{personas.commune_a.pk}"
        # The read answer carries no address and no text.
        assert "84912345678" not in response.content.decode()
        assert "Nước mặn" not in response.content.decode()

    def test_the_same_key_twice_is_one_message_answered_200(self, personas: Personas) -> None:
        client = client_for(personas, personas.commune_a)
        first = post(client, "/messages", notice(), **{"Idempotency-Key": "k-1"})
        again = post(client, "/messages", notice(), **{"Idempotency-Key": "k-1"})
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["uid"] == again.json()["uid"]
        assert Message.objects.count() == 1

    def test_the_same_key_for_another_message_is_409(self, personas: Personas) -> None:
        client = client_for(personas, personas.commune_a)
        post(client, "/messages", notice(), **{"Idempotency-Key": "k-1"})
        other = post(client, "/messages", notice(body="Khác"), **{"Idempotency-Key": "k-1"})
        assert other.status_code == 409
        assert other.json()["detail"] == (
            "This Idempotency-Key was already used for another message."
        )
        assert Message.objects.count() == 1

    def test_keys_belong_to_their_caller(self, personas: Personas) -> None:
        mine = post(
            client_for(personas, personas.commune_a),
            "/messages",
            notice(),
            **{"Idempotency-Key": "k-1"},
        )
        theirs = post(
            client_for(personas, personas.district),
            "/messages",
            notice(),
            **{"Idempotency-Key": "k-1"},
        )
        assert (mine.status_code, theirs.status_code) == (201, 201)
        assert mine.json()["uid"] != theirs.json()["uid"]

    @pytest.mark.parametrize(
        ("fields", "headers", "status", "detail"),
        [
            ({"phone": "0212345678"}, {"Idempotency-Key": "k"}, 409, "mobile"),
            (
                {"phone": None, "email": "not-an-address", "channels": ["email"]},
                {"Idempotency-Key": "k"},
                409,
                "“not-an-address” is not an e-mail address.",
            ),
            (
                {"channels": ["zns"]},
                {"Idempotency-Key": "k"},
                409,
                "No address to send to on any of the channels asked for.",
            ),
            ({"topic": "gossip"}, {"Idempotency-Key": "k"}, 422, "topic: must be one of"),
            ({"channels": ["facebook"]}, {"Idempotency-Key": "k"}, 422, "channels.0: must be"),
            ({"body": ""}, {"Idempotency-Key": "k"}, 422, "body"),
            ({"surprise": 1}, {"Idempotency-Key": "k"}, 422, "surprise: is not a field"),
            ({}, {}, 422, "Idempotency-Key: is required"),
            ({}, {"Idempotency-Key": "bad key!"}, 422, "Idempotency-Key"),
            ({"unit": "29482"}, {"Idempotency-Key": "k"}, 404, "29482"),
            ({"unit": "99999"}, {"Idempotency-Key": "k"}, 404, "99999"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_written(
        self,
        personas: Personas,
        fields: dict[str, Any],
        headers: dict[str, str],
        status: int,
        detail: str,
    ) -> None:
        client = client_for(personas, personas.commune_a)
        response = post(client, "/messages", notice(**fields), **headers)
        assert response.status_code == status, response.content
        assert detail in response.json()["detail"]
        assert Message.objects.count() == 0

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("viewer_a", 403), ("commune_b", 404), ("resident", 404), (None, 401)],
    )
    def test_who_may_not_send_gets_the_gates_answer(
        self, personas: Personas, persona: str | None, status: int
    ) -> None:
        client = client_for(personas, getattr(personas, persona) if persona else None)
        response = post(client, "/messages", notice(), **{"Idempotency-Key": "k-1"})
        assert response.status_code == status
        assert response.json()["detail"]
        assert Message.objects.count() == 0

    def test_a_message_is_read_back_with_its_status_and_provider_code(
        self, personas: Personas
    ) -> None:
        client = client_for(personas, personas.commune_a)
        uid = post(client, "/messages", notice(), **{"Idempotency-Key": "k-1"}).json()["uid"]
        Message.objects.update(
            status=MessageStatus.FAILED, attempts=3, provider_code="E_BLOCKED", error="Blocked"
        )
        response = client.get(f"{API}/messages/{uid}")
        assert response.status_code == 200
        out = response.json()
        assert (out["status"], out["attempts"], out["provider_code"]) == (
            "failed",
            3,
            "E_BLOCKED",
        )
        assert out["fallback"] is None
        assert "address" not in out and "body" not in out
        assert "84912345678" not in response.content.decode()
        other = client_for(personas, personas.commune_b).get(f"{API}/messages/{uid}")
        assert other.status_code == 404
        unknown = client.get(f"{API}/messages/00000000-0000-0000-0000-000000000000")
        assert unknown.status_code == 404
        assert client.get(f"{API}/messages/not-a-uuid").status_code == 422

    def test_a_sent_message_reads_its_provider_code_and_its_fallback(
        self, personas: Personas, django_capture_on_commit_callbacks: Any
    ) -> None:
        MemoryAdapter.reset()
        MemoryAdapter.script["84912345678"] = [Permanent("-124", "Thuê bao không tồn tại")]
        client = client_for(personas, personas.commune_a)
        body = notice(email="dan@example.vn", channels=["sms", "email"])
        with django_capture_on_commit_callbacks(execute=True):  # the delivery runs, as committed
            sent = post(client, "/messages", body, **{"Idempotency-Key": "k-2"})
        assert sent.status_code == 201
        first = client.get(f"{API}/messages/{sent.json()['uid']}").json()
        assert (first["channel"], first["status"], first["provider_code"]) == (
            "sms",
            "failed",
            "-124",
        )
        assert first["attempts"] == 1
        second = client.get(f"{API}/messages/{first['fallback']}").json()
        assert (second["channel"], second["status"]) == ("email", "accepted")
        assert [m.address for m in MemoryAdapter.outbox] == ["dan@example.vn"]
        MemoryAdapter.reset()


# ---------------------------------------------------------------------------------------------
# Campaigns


def campaign_body(personas: Personas, **fields: Any) -> dict[str, Any]:
    return {
        "unit": "29479",
        "title": "Lịch cắt điện tháng 6",
        "template": commune_template(personas).pk,
        "values": {"xa": "Xã Ngãi Xuyên", "noi_dung": "Cắt điện ngày 05/06 từ 7 giờ."},
        "audience_as_of": AS_OF,
        "audience_units": ["2947901"],
        "topics": ["ntm"],
        "channels": ["sms", "email"],
        **fields,
    }


class CampaignTests:
    def test_the_list_filters_and_pages_in_few_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(6):
            made = make_campaign(personas, title=f"Thông báo số {n}")
            if n % 2:
                campaign_submit(campaign=made, version=made.version, user=personas.commune_a)
        make_campaign(
            personas,
            unit=personas.district_unit,
            user=personas.district,
            template=factories.template(personas.district_unit),
            title="Của huyện",
        )
        client = client_for(personas, personas.district)
        client.get(f"{API}/campaigns")  # warm the session
        with django_assert_max_num_queries(8):
            response = client.get(f"{API}/campaigns", {"limit": 50})
        assert response.status_code == 200
        assert response.json()["count"] == 7
        mine = client_for(personas, personas.commune_a).get(f"{API}/campaigns").json()
        assert mine["count"] == 6  # the district's campaign is outside commune A
        assert mine["items"][0]["audience_units"] == ["2947901"]
        scheduled = client.get(f"{API}/campaigns", {"status": "scheduled", "unit": "29479"})
        assert scheduled.json()["count"] == 3
        assert {i["title"] for i in scheduled.json()["items"]} == {
            "Thông báo số 1",
            "Thông báo số 3",
            "Thông báo số 5",
        }
        paged = client.get(f"{API}/campaigns", {"limit": 2, "offset": 2}).json()
        assert (paged["count"], len(paged["items"])) == (7, 2)
        day = timezone.localdate()
        later = client.get(f"{API}/campaigns", {"created_from": str(day + dt.timedelta(days=1))})
        assert later.json()["count"] == 0
        today = client.get(f"{API}/campaigns", {"created_from": str(day), "created_to": str(day)})
        assert today.json()["count"] == 7

    def test_the_list_refuses_bad_filters(self, personas: Personas) -> None:
        client = client_for(personas, personas.commune_a)
        outside = client.get(f"{API}/campaigns", {"unit": "29482"})
        assert outside.status_code == 404
        assert "29482" in outside.json()["detail"]
        bad = client.get(f"{API}/campaigns", {"status": "lost"})
        assert bad.status_code == 422
        assert bad.json()["field"] == "status"
        assert client.get(f"{API}/campaigns", {"limit": 201}).status_code == 422
        assert client.get(f"{API}/campaigns", {"created_from": "01/06/2023"}).status_code == 422

    def test_a_campaign_reads_with_its_deliveries_per_channel_and_status(
        self, personas: Personas
    ) -> None:
        factories.subscriber(personas.hamlet_a_unit, phone="0912345001", channels="sms")
        factories.subscriber(personas.hamlet_a_unit, phone="0912345002", channels="sms")
        factories.subscriber(personas.hamlet_a_unit, email="ba@example.test", channels="email")
        made = make_campaign(personas)
        made = campaign_submit(campaign=made, version=made.version, user=personas.commune_a)
        campaign_enqueue(campaign=made)
        Message.objects.filter(channel="sms").order_by("pk").filter(
            pk=Message.objects.filter(channel="sms").order_by("pk").values("pk")[:1]
        ).update(status=MessageStatus.DELIVERED)
        client = client_for(personas, personas.viewer_a)  # reading is for read-only roles too
        response = client.get(f"{API}/campaigns/{made.pk}")
        assert response.status_code == 200
        out = response.json()
        assert out["status"] == "sending"
        assert response["ETag"] == f'"v{Campaign.objects.get().version}"'
        assert out["deliveries"] == [
            {"channel": "email", "status": "queued", "count": 1},
            {"channel": "sms", "status": "queued", "count": 1},
            {"channel": "sms", "status": "delivered", "count": 1},
        ]
        assert out["reach"]["total"] == 3
        assert out["values"]["noi_dung"] == "Cắt điện ngày 05/06 từ 7 giờ."
        outside = client_for(personas, personas.commune_b).get(f"{API}/campaigns/{made.pk}")
        assert outside.status_code == 404

    def test_a_campaign_is_created_as_a_draft_through_the_form(self, personas: Personas) -> None:
        client = bearer_client(personas.commune_a)
        response = post(client, "/campaigns", campaign_body(personas))
        assert response.status_code == 201, response.content
        campaign = Campaign.objects.get()
        out = response.json()
        assert (out["id"], out["status"], out["unit"]) == (campaign.pk, "draft", "29479")
        assert campaign.created_by == personas.commune_a
        assert list(campaign.audience_units.all()) == [personas.hamlet_a_unit]
        assert response["ETag"] == '"v1"'

    @pytest.mark.parametrize(
        ("fields", "status", "field", "detail"),
        [
            (
                {"values": {"xa": "Xã Ngãi Xuyên"}},
                409,
                "values",
                "No value for the placeholder {{ noi_dung }}.",
            ),
            (
                {"values": {"xa": "x", "noi_dung": "y", "ngay": "z"}},
                409,
                "values",
                "The template has no placeholder {{ ngay }}.",
            ),
            ({"audience_units": ["2948201"]}, 409, "audience_units", "2948201"),
            ({"audience_units": []}, 422, "audience_units", "audience_units"),
            ({"topics": ["gossip"]}, 422, "topics.0", "topics.0: must be one of"),
            ({"template": 999999}, 409, "template", "template: "),
            ({"title": ""}, 422, "title", "title"),
            ({"send_at": "2020-01-01T08:00:00+07:00"}, 409, "send_at", "in the past"),
            ({"send_at": 1893456000}, 422, "send_at", "send_at: must be a date and time"),
            ({"send_at": "2099-01-01T08:00:00"}, 422, "send_at", "send_at"),
            ({"values": {"noi_dung": "a\nb", "xa": "x"}}, 422, "values.noi_dung", "values"),
            ({"unit": "29482"}, 404, None, "29482"),
        ],
    )
    def test_bad_campaigns_are_refused_and_nothing_is_written(
        self,
        personas: Personas,
        fields: dict[str, Any],
        status: int,
        field: str | None,
        detail: str,
    ) -> None:
        client = client_for(personas, personas.commune_a)
        response = post(client, "/campaigns", campaign_body(personas, **fields))
        assert response.status_code == status, response.content
        assert detail in response.json()["detail"]
        if field is not None:
            assert response.json()["field"] == field
        assert Campaign.objects.count() == 0

    def test_a_template_of_another_commune_is_refused(self, personas: Personas) -> None:
        theirs = factories.template(personas.commune_b_unit)
        client = client_for(personas, personas.district)
        response = post(client, "/campaigns", campaign_body(personas, template=theirs.pk))
        assert response.status_code == 409
        assert response.json()["field"] == "template"
        assert "belongs to another unit" in response.json()["detail"]
        assert Campaign.objects.count() == 0

    def test_a_read_only_officer_may_not_create(self, personas: Personas) -> None:
        client = client_for(personas, personas.viewer_a)
        response = post(client, "/campaigns", campaign_body(personas))
        assert response.status_code == 403
        assert response.json()["detail"] == "Your account is read-only."
        assert Campaign.objects.count() == 0

    def test_submit_then_cancel_while_queued(self, personas: Personas) -> None:
        factories.subscriber(personas.hamlet_a_unit, phone="0912345001", channels="sms")
        made = make_campaign(personas, send_at=timezone.now() + dt.timedelta(days=1))
        client = client_for(personas, personas.commune_a)
        submitted = post(client, f"/campaigns/{made.pk}/submit", {}, **{"If-Match": '"v1"'})
        assert submitted.status_code == 200, submitted.content
        assert submitted.json()["status"] == "scheduled"
        etag = submitted["ETag"]
        # Its time comes: the messages are written, none handed to a provider yet.
        Campaign.objects.filter(pk=made.pk).update(send_at=timezone.now())
        campaign_enqueue(campaign=Campaign.objects.get(pk=made.pk))
        assert Message.objects.filter(status=MessageStatus.QUEUED).count() == 1
        cancelled = post(client, f"/campaigns/{made.pk}/cancel", {}, **{"If-Match": etag})
        assert cancelled.status_code == 200, cancelled.content
        assert (cancelled.json()["status"], cancelled.json()["messages_cancelled"]) == (
            "cancelled",
            1,
        )
        assert Message.objects.get().status == MessageStatus.CANCELLED
        again = post(client, f"/campaigns/{made.pk}/cancel", {})
        assert again.status_code == 409
        assert again.json()["detail"] == "This campaign is cancelled: it cannot be cancelled."

    def test_a_stale_if_match_changes_nothing(self, personas: Personas) -> None:
        made = make_campaign(personas)
        client = client_for(personas, personas.commune_a)
        first = client.get(f"{API}/campaigns/{made.pk}")["ETag"]
        # Meanwhile the district submits it.
        campaign_submit(campaign=made, version=made.version, user=personas.district)
        stored = Campaign.objects.get()
        response = post(client, f"/campaigns/{made.pk}/submit", {}, **{"If-Match": first})
        assert response.status_code == 409
        out = response.json()
        assert out["current_version"] == stored.version
        assert [c["field"] for c in out["conflicts"]] == ["status"]
        assert Campaign.objects.get().version == stored.version  # nothing written
        bad = post(client, f"/campaigns/{made.pk}/submit", {}, **{"If-Match": "v1"})
        assert bad.status_code == 422
        assert bad.json()["field"] == "If-Match"

    def test_a_province_wide_campaign_waits_for_a_second_officer(self, personas: Personas) -> None:
        author = second_province_officer()
        made = make_campaign(
            personas,
            unit=personas.province_unit,
            user=author,
            template=factories.template(personas.province_unit),
            audience_units=[personas.province_unit],
        )
        mine = client_for(personas, author)
        submitted = post(mine, f"/campaigns/{made.pk}/submit", {})
        assert submitted.json()["status"] == "awaiting_approval"
        own = post(mine, f"/campaigns/{made.pk}/approve", {})
        assert own.status_code == 403
        assert "second officer" in own.json()["detail"]
        commune = post(
            client_for(personas, personas.commune_a), f"/campaigns/{made.pk}/approve", {}
        )
        assert commune.status_code == 404
        approved = post(
            client_for(personas, personas.province), f"/campaigns/{made.pk}/approve", {}
        )
        assert approved.status_code == 200, approved.content
        assert approved.json()["status"] == "scheduled"
        assert approved.json()["approved_at"]


# ---------------------------------------------------------------------------------------------
# Bulletins


def bulletin_body(**fields: Any) -> dict[str, Any]:
    now = timezone.now().replace(microsecond=0)
    return {
        "unit": "29479",
        "as_of": AS_OF,
        "title": "Cảnh báo xâm nhập mặn",
        "text": bulletin_factories.SENTENCE,
        "priority": "emergency",
        "plays_from": (now - dt.timedelta(minutes=1)).isoformat(),
        "expires_at": (now + dt.timedelta(hours=6)).isoformat(),
        **fields,
    }


class BulletinTests:
    def test_text_becomes_a_bulletin_with_its_audio_checksum_and_duration(
        self, personas: Personas
    ) -> None:
        client = bearer_client(personas.commune_a)
        response = post(client, "/bulletins", bulletin_body())
        assert response.status_code == 201, response.content
        out = response.json()
        bulletin = Bulletin.objects.get()
        assert (out["status"], out["priority"], out["source"]) == ("draft", "emergency", "speech")
        assert float(out["duration"]) > 1
        assert out["sha256"] == bulletin.sha256
        assert out["cap_url"] is None  # a draft is no alert yet
        audio = client.get(out["audio_url"])
        assert audio.status_code == 200
        assert audio["Content-Type"] == "audio/mpeg"
        data = audio.getvalue()
        assert hashlib.sha256(data).hexdigest() == out["sha256"]
        outsider = client_for(personas, personas.commune_b).get(out["audio_url"])
        assert outsider.status_code == 404

    @pytest.mark.parametrize(
        ("fields", "status", "detail"),
        [
            (
                {"expires_at": (timezone.now() - dt.timedelta(hours=1)).isoformat()},
                409,
                "The bulletin must start playing before it expires.",
            ),
            ({"text": ""}, 409, "text: "),
            ({"plays_from": 0}, 422, "plays_from: must be a date and time"),
            ({"priority": "urgent"}, 422, "priority: must be one of"),
            ({"plays_from": "2026-12-04T08:00:00"}, 422, "plays_from"),
            ({"unit": "29482"}, 404, "29482"),
        ],
    )
    def test_bad_bulletins_are_refused_and_nothing_is_written(
        self, personas: Personas, fields: dict[str, Any], status: int, detail: str
    ) -> None:
        client = client_for(personas, personas.commune_a)
        response = post(client, "/bulletins", bulletin_body(**fields))
        assert response.status_code == status, response.content
        assert detail in response.json()["detail"]
        assert Bulletin.objects.count() == 0

    def test_a_read_only_officer_may_not_make_one(self, personas: Personas) -> None:
        response = post(client_for(personas, personas.viewer_a), "/bulletins", bulletin_body())
        assert response.status_code == 403
        assert Bulletin.objects.count() == 0

    def test_a_draft_is_published_to_a_zone_and_exported_as_cap(self, personas: Personas) -> None:
        station = bulletin_factories.station(personas.commune_a_unit)
        draft = bulletin_factories.recorded(
            personas.commune_a_unit, personas.commune_a, seconds=0.5
        )
        Bulletin.objects.filter(pk=draft.pk).update(priority=Priority.EMERGENCY)
        client = client_for(personas, personas.commune_a)
        etag = client.get(f"{API}/bulletins/{draft.pk}")["ETag"]
        published = post(
            client, f"/bulletins/{draft.pk}/publish", {"zones": ["29479"]}, **{"If-Match": etag}
        )
        assert published.status_code == 200, published.content
        out = published.json()
        assert out["status"] == "published"
        assert out["zones"] == ["29479"]
        assert out["cap_url"]
        exported = client.get(out["cap_url"])
        assert exported.status_code == 200
        assert exported["Content-Type"] == "application/xml"
        root = cap.validate(exported.content)  # schema-valid CAP 1.2
        assert root.findtext(f"{{{cap.NS}}}identifier") == f"bulletin-{draft.pk}"
        assert station.pk  # the zone holds a station in service
        again = post(client, f"/bulletins/{draft.pk}/publish", {"zones": ["29479"]})
        assert again.status_code == 409
        assert "only a draft can be changed or published" in again.json()["detail"]

    def test_publishing_refuses_bad_targets_and_stale_versions(self, personas: Personas) -> None:
        bulletin_factories.station(personas.commune_a_unit)
        theirs = bulletin_factories.station(personas.commune_b_unit, name="Đài Kim Sơn")
        draft = bulletin_factories.recorded(
            personas.commune_a_unit, personas.commune_a, seconds=0.5
        )
        client = client_for(personas, personas.district)
        cases = [
            ({"zones": ["29482"]}, {}, 409, "zones: 29482 is not one of your units"),
            ({"stations": [theirs.pk]}, {}, 409, "stations: "),
            ({}, {}, 409, "Choose at least one station or zone"),
            ({"zones": ["29479"]}, {"If-Match": '"v99"'}, 409, ""),
        ]
        for body, headers, status, detail in cases:
            response = post(client, f"/bulletins/{draft.pk}/publish", body, **headers)
            assert response.status_code == status, (body, response.content)
            assert detail in response.json()["detail"]
        assert Bulletin.objects.get().status == BulletinStatus.DRAFT
        outside = post(
            client_for(personas, personas.commune_b),
            f"/bulletins/{draft.pk}/publish",
            {"zones": ["29479"]},
        )
        assert outside.status_code == 404
        viewer = post(
            client_for(personas, personas.viewer_a),
            f"/bulletins/{draft.pk}/publish",
            {"zones": ["29479"]},
        )
        assert viewer.status_code == 403

    def test_only_published_emergencies_have_a_cap_alert(self, personas: Personas) -> None:
        bulletin_factories.station(personas.commune_a_unit)
        normal = bulletin_factories.published(
            personas.commune_a_unit, personas.commune_a, priority=Priority.NORMAL
        )
        client = client_for(personas, personas.commune_a)
        response = client.get(f"{API}/bulletins/{normal.pk}/cap")
        assert response.status_code == 404
        assert response.json()["detail"] == (
            "Only published emergency bulletins are exported as CAP alerts."
        )

    def test_the_list_filters_and_pages_in_few_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        bulletin_factories.station(personas.commune_a_unit)
        for _n in range(3):
            bulletin_factories.recorded(personas.commune_a_unit, personas.commune_a, seconds=0.3)
        bulletin_factories.published(personas.commune_a_unit, personas.commune_a)
        client = client_for(personas, personas.commune_a)
        client.get(f"{API}/bulletins")
        with django_assert_max_num_queries(6):
            response = client.get(f"{API}/bulletins")
        assert response.status_code == 200
        assert response.json()["count"] == 4
        emergencies = client.get(f"{API}/bulletins", {"priority": "emergency"}).json()
        assert [b["status"] for b in emergencies["items"]] == ["published"]
        district = client_for(personas, personas.district)
        drafts = district.get(f"{API}/bulletins", {"status": "draft", "unit": "849"}).json()
        assert drafts["count"] == 3
        assert client.get(f"{API}/bulletins", {"unit": "849"}).status_code == 404  # not hers
        other = client_for(personas, personas.commune_b).get(f"{API}/bulletins").json()
        assert other["count"] == 0
