"""Subscriber pages: the scoped list (search without diacritics and by phone, filters, phones
shown as residents write them, a bounded number of queries), add and edit with their
refusals, conflicts, unsubscribe and come back, history, access."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from smartrural.testing import Personas

from ..models import Subscriber, Topic
from . import factories

pytestmark = pytest.mark.django_db

LIST = "/outreach/work/subscribers/"


def client(personas: Personas, user: Any = None) -> Any:
    c = personas.client(user or personas.commune_a)
    c.cookies["django_language"] = "en"
    return c


def form(personas: Personas, **kw: Any) -> dict[str, Any]:
    return {
        "hamlet": str(personas.hamlet_a_unit.pk),
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "topics": ["weather"],
        "channel_1": "sms",
        "consent_on": "05/01/2026",
        "consent_source": "paper",
        **kw,
    }


class SubscriberListTests:
    def test_it_lists_with_a_bounded_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(30):
            factories.subscriber(personas.hamlet_a_unit, phone=f"8491234{n:04d}", name=f"An {n}")
        c = client(personas)
        c.get(LIST)  # warm the session and the scope
        with django_assert_max_num_queries(12):
            response = c.get(LIST)
        assert response.status_code == 200
        assert len(response.context["rows"]) == 30
        assert "0912 340 000" in response.content.decode()

    def test_it_searches_names_without_diacritics_and_phones(self, personas: Personas) -> None:
        an = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", name="Nguyễn Văn Ân")
        an.search_name = "nguyen van an"
        an.save()
        factories.subscriber(personas.hamlet_a_unit, phone="84987654321", name="Bình")
        c = client(personas)
        found = lambda q: [r["subscriber"].pk for r in c.get(LIST, {"q": q}).context["rows"]]  # noqa: E731
        assert found("van an") == [an.pk]
        assert found("0912 345") == [an.pk]
        assert found("345678") == [an.pk]

    def test_filters_by_topic_channel_and_status(self, personas: Personas) -> None:
        weather = factories.subscriber(
            personas.hamlet_a_unit, phone="84912345678", topics=(Topic.WEATHER,), channels="sms"
        )
        health = factories.subscriber(
            personas.hamlet_a_unit,
            phone="84987654321",
            topics=(Topic.HEALTH,),
            channels="zns,email",
        )
        c = client(personas)
        rows = lambda **q: [r["subscriber"].pk for r in c.get(LIST, q).context["rows"]]  # noqa: E731
        assert rows(topic="weather") == [weather.pk]
        assert rows(channel="email") == [health.pk]
        assert rows(channel="sms") == [weather.pk]
        assert rows(active="no") == []

    def test_another_communes_officer_sees_none(self, personas: Personas) -> None:
        factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
        response = client(personas, personas.commune_b).get(LIST)
        assert response.context["rows"] == []
        assert "0912 345 678" not in response.content.decode()


class SubscriberFormTests:
    def test_an_officer_adds_a_subscriber(self, personas: Personas) -> None:
        response = client(personas).post(LIST + "add/", form(personas))
        assert response.status_code == 302
        assert Subscriber.objects.get().phone == "84912345678"

    def test_a_landline_is_refused_with_a_message(self, personas: Personas) -> None:
        response = client(personas).post(LIST + "add/", form(personas, phone="028 3822 1234"))
        assert response.status_code == 422
        assert "not a Vietnamese mobile number" in response.content.decode()
        assert not Subscriber.objects.exists()

    def test_a_phone_already_registered_is_a_message_not_an_error(self, personas: Personas) -> None:
        factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
        response = client(personas).post(LIST + "add/", form(personas, phone="+84912345678"))
        assert response.status_code == 422
        assert "already registered" in response.content.decode()

    def test_an_edit_on_an_old_version_is_a_conflict(self, personas: Personas) -> None:
        s = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", channels="sms")
        c = client(personas)
        url = f"{LIST}{s.pk}/"
        assert c.post(url, form(personas, name="Bình", version="1")).status_code == 302
        response = c.post(url, form(personas, name="Cường", version="1"))
        assert response.status_code == 409
        assert Subscriber.objects.get().name == "Bình"

    def test_history_shows_the_edit(self, personas: Personas) -> None:
        s = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", channels="sms")
        c = client(personas)
        c.post(f"{LIST}{s.pk}/", form(personas, name="Bình", version="1"))
        page = c.get(f"{LIST}{s.pk}/history/").content.decode()
        assert "Bình" in page and "0912 345 678" in page

    def test_unsubscribe_then_back_on_a_new_consent(self, personas: Personas) -> None:
        s = factories.subscriber(personas.hamlet_a_unit, phone="84912345678", channels="sms")
        c = client(personas)
        assert c.post(f"{LIST}{s.pk}/unsubscribe/", {"version": "1"}).status_code == 302
        s.refresh_from_db()
        assert s.unsubscribe_reason == "officer"
        missing = c.post(f"{LIST}{s.pk}/resubscribe/", {"version": str(s.version)})
        assert missing.status_code == 422
        today = timezone.localdate().strftime("%d/%m/%Y")
        back = c.post(
            f"{LIST}{s.pk}/resubscribe/",
            {"version": str(s.version), "consent_on": today, "consent_source": "web"},
        )
        assert back.status_code == 302
        s.refresh_from_db()
        assert s.active and s.consent_source == "web"

    def test_access(self, personas: Personas) -> None:
        s = factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
        url = f"{LIST}{s.pk}/"
        assert client(personas, personas.commune_b).get(url).status_code == 404
        assert client(personas, personas.viewer_a).get(url).status_code == 403
        anonymous = personas.client(None).get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
