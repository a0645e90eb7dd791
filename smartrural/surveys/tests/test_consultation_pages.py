"""Consultation pages through the test client: the public list and page (counts, published
comments and answers only, never a phone, a pending or rejected opinion or an officer's reason),
the opinion form (honeypot, 422, 400 after the period, 429), the officers' pages (opening one
from the dossier, moderation with feedback's action form, conflicts) and the section on the
dossier page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartrural.core.dates import today
from smartrural.recognition.tests.pages_support import en_client
from smartrural.testing import Personas

from ..models import Consultation, Opinion, OpinionStatus
from ..services.consultations import consultation_create, opinion_publish, opinion_reject
from .consultation_factories import (
    open_consultation,
    opinion,
    other_consultation,
    registered_dossier,
    self_assessed_dossier,
)

pytestmark = pytest.mark.django_db

PHONE = "0912345678"


def anonymous() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def public_url(consultation: Consultation, suffix: str = "") -> str:
    return f"/khao-sat/y-kien/{consultation.pk}/{suffix}"


@pytest.fixture
def consultation(personas: Personas) -> Consultation:
    return open_consultation(personas)


def moderated(consultation: Consultation, by: Any) -> dict[str, Opinion]:
    """A bare agreement, a published comment with an answer and a phone, a pending one and a
    rejected one."""
    from ..services.consultations import opinion_answer

    shown = opinion(consultation, text="Đồng ý, đường ấp Chợ đã sạch đẹp.", phone=PHONE)
    shown = opinion_publish(opinion=shown, version=shown.version, by=by)
    shown = opinion_answer(opinion=shown, version=shown.version, answer="UBND xã cảm ơn.", by=by)
    hidden = opinion(consultation, "disagree", text="Nội dung chờ duyệt <b>x</b>")
    rejected = opinion(consultation, text="Lời lẽ không phù hợp")
    rejected = opinion_reject(
        opinion=rejected, version=rejected.version, reason="Lý do nội bộ XYZ", by=by
    )
    return {
        "agree": opinion(consultation, "agree"),
        "shown": shown,
        "pending": hidden,
        "rejected": rejected,
    }


class PublicPageTests:
    def test_the_page_shows_counts_and_published_comments_only(
        self, personas: Personas, consultation: Consultation
    ) -> None:
        moderated(consultation, personas.commune_a)
        html = anonymous().get(public_url(consultation)).content.decode()
        assert '<strong data-stance="agree">1</strong>' in html
        assert '<strong data-stance="disagree">0</strong>' in html
        assert '<strong data-stance="comment">1</strong>' in html
        assert "Đồng ý, đường ấp Chợ đã sạch đẹp." in html
        assert "UBND xã cảm ơn." in html
        for secret in (PHONE, "chờ duyệt", "không phù hợp", "Lý do nội bộ", "internal"):
            assert secret not in html
        assert 'id="opinion-form"' in html

    def test_the_list_filters_by_commune(
        self, personas: Personas, consultation: Consultation
    ) -> None:
        other = other_consultation(personas)
        html = anonymous().get("/khao-sat/y-kien/").content.decode()
        assert consultation.title in html and other.title in html
        html = anonymous().get("/khao-sat/y-kien/?commune=29482").content.decode()
        assert consultation.title not in html and other.title in html

    def test_the_list_does_not_grow_queries_with_consultations(self, personas: Personas) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert anonymous().get("/khao-sat/y-kien/").status_code == 200
            return len(captured)

        open_consultation(personas)
        queries()  # the first request fills the caches of the page frame
        one = queries()
        for n in range(3):
            consultation_create(
                unit=personas.commune_b_unit,
                title=f"Chủ đề {n}",
                opens_on=today(),
                closes_on=today(),
                by=personas.commune_b,
            )
        assert queries() == one


class OpinionPostTests:
    def test_an_opinion_is_stored_and_the_resident_thanked(
        self, consultation: Consultation
    ) -> None:
        response = anonymous().post(
            public_url(consultation, "gop-y/"),
            {"stance": "disagree", "text": "Chưa đạt tiêu chí 17.", "phone": PHONE},
            follow=True,
        )
        assert response.status_code == 200
        assert "Thank you" in response.content.decode()
        stored = Opinion.objects.get()
        assert (stored.stance, stored.status, stored.phone) == ("disagree", "pending", PHONE)
        assert len(stored.client_hash) == 64

    def test_a_filled_honeypot_stores_nothing(self, consultation: Consultation) -> None:
        response = anonymous().post(
            public_url(consultation, "gop-y/"), {"stance": "agree", "website": "http://spam"}
        )
        assert response.status_code == 302
        assert not Opinion.objects.exists()

    def test_a_comment_without_words_is_shown_again(self, consultation: Consultation) -> None:
        response = anonymous().post(public_url(consultation, "gop-y/"), {"stance": "comment"})
        assert response.status_code == 422
        assert "Write your comment" in response.content.decode()
        assert not Opinion.objects.exists()

    def test_after_the_period_the_page_says_closed_and_refuses(self, personas: Personas) -> None:
        day = today()
        closed = open_consultation(
            personas, opens_on=day - dt.timedelta(days=10), closes_on=day - dt.timedelta(days=1)
        )
        html = anonymous().get(public_url(closed)).content.decode()
        assert 'id="opinion-form"' not in html and "opinions are no longer taken" in html
        response = anonymous().post(public_url(closed, "gop-y/"), {"stance": "agree"})
        assert response.status_code == 400
        assert not Opinion.objects.exists()

    def test_the_last_day_still_takes_opinions(self, personas: Personas) -> None:
        day = today()
        last_day = open_consultation(personas, opens_on=day - dt.timedelta(days=3), closes_on=day)
        response = anonymous().post(public_url(last_day, "gop-y/"), {"stance": "agree"})
        assert response.status_code == 302
        assert Opinion.objects.get().status == OpinionStatus.PUBLISHED

    def test_too_many_from_one_address_is_429(
        self, consultation: Consultation, settings: Any
    ) -> None:
        settings.SURVEY_OPINION_RATE_PER_HOUR = 1
        client = anonymous()
        assert (
            client.post(public_url(consultation, "gop-y/"), {"stance": "agree"}).status_code == 302
        )
        response = client.post(public_url(consultation, "gop-y/"), {"stance": "agree"})
        assert response.status_code == 429
        assert Opinion.objects.count() == 1


class OfficerPagesTests:
    def test_an_officer_opens_the_consultation_from_the_dossier(self, personas: Personas) -> None:
        dossier = self_assessed_dossier(personas)
        client = en_client(personas, personas.commune_a)
        html = client.get(f"/dossiers/{dossier.pk}/").content.decode()
        link = f"/surveys/work/consultations/new/?dossier={dossier.pk}"
        assert link in html
        form = client.get(link)
        assert form.status_code == 200
        assert "Opinions on the self-assessment of Xã Ngãi Xuyên (2023)" in form.content.decode()
        day = today()
        response = client.post(
            link,
            {
                "title": "Lấy ý kiến tự đánh giá",
                "summary": "",
                "opens_on": day.isoformat(),
                "closes_on": (day + dt.timedelta(days=9)).isoformat(),
            },
        )
        consultation = Consultation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/surveys/work/consultations/{consultation.pk}/"
        assert consultation.dossier == dossier

    def test_the_dossier_page_shows_the_counts_and_the_link(
        self, personas: Personas, consultation: Consultation
    ) -> None:
        opinion(consultation, "agree")
        opinion(consultation, "disagree")
        opinion(consultation)
        assert consultation.dossier is not None
        html = en_client(personas, personas.viewer_a).get(f"/dossiers/{consultation.dossier.pk}/")
        text = html.content.decode()
        assert 'id="dossier-consultation"' in text
        assert '<strong data-stance="agree">1</strong>' in text
        assert '<strong data-stance="disagree">1</strong>' in text
        assert f"/surveys/work/consultations/{consultation.pk}/" in text
        assert "1 opinion awaits moderation" in text

    def test_a_dossier_without_consultation_shows_nothing_extra(self, personas: Personas) -> None:
        registered = registered_dossier(personas)
        for user in (personas.commune_a, personas.viewer_a):
            html = en_client(personas, user).get(f"/dossiers/{registered.pk}/").content.decode()
            assert "dossier-consultation" not in html and "consultations/new" not in html

    def test_a_reader_is_not_offered_to_open_one(self, personas: Personas) -> None:
        dossier = self_assessed_dossier(personas)
        html = en_client(personas, personas.viewer_a).get(f"/dossiers/{dossier.pk}/")
        assert "dossier-consultation" not in html.content.decode()

    def test_a_registered_dossier_is_refused_on_the_new_page(self, personas: Personas) -> None:
        dossier = registered_dossier(personas)
        day = today().isoformat()
        response = en_client(personas, personas.commune_a).post(
            f"/surveys/work/consultations/new/?dossier={dossier.pk}",
            {"title": "Sớm", "opens_on": day, "closes_on": day},
        )
        assert response.status_code == 409
        assert not Consultation.objects.exists()

    def test_moderation_uses_the_action_forms_and_a_stale_one_is_409(
        self, personas: Personas, consultation: Consultation
    ) -> None:
        pending = opinion(consultation, text="Cần thêm đèn đường.", phone=PHONE)
        client = en_client(personas, personas.commune_a)
        url = f"/surveys/work/consultations/opinions/{pending.pk}/"
        html = client.get(url).content.decode()
        assert 'id="action-publish"' in html and 'id="action-reject"' in html
        assert PHONE in html  # officers call the resident back
        loaded = str(pending.version)
        response = client.post(url + "publish/", {"publish-version": loaded})
        assert response.status_code == 302
        response = client.post(url + "reject/", {"reject-version": loaded, "reject-reason": "Muộn"})
        assert response.status_code == 409
        pending.refresh_from_db()
        assert pending.status == OpinionStatus.PUBLISHED
        response = client.post(url + "reject/", {"reject-version": str(pending.version)})
        assert response.status_code == 422
        assert client.get(url + "history/").status_code == 200

    def test_the_list_and_detail_count_without_growing_queries(
        self, personas: Personas, consultation: Consultation
    ) -> None:
        client = en_client(personas, personas.province)

        def queries(url: str) -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        detail = f"/surveys/work/consultations/{consultation.pk}/"
        opinion(consultation, text="Ý kiến đầu")
        queries(detail)  # the first request fills the caches of the page frame
        before = (queries("/surveys/work/consultations/"), queries(detail))
        other_consultation(personas)
        for n in range(3):
            opinion(consultation, text=f"Ý kiến {n}")
        assert (queries("/surveys/work/consultations/"), queries(detail)) == before
