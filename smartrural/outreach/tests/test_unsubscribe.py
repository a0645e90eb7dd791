"""One-click unsubscribe: the link's page, the RFC 8058 POST, nothing personal shown."""

from __future__ import annotations

import pytest
from django.test import Client

from smartrural.testing import Personas

from ..models import Message, MessageStatus, Topic
from . import factories

pytestmark = pytest.mark.django_db


def test_the_link_shows_a_button_and_nothing_about_the_person(personas: Personas) -> None:
    person = factories.subscriber(
        personas.hamlet_a_unit, phone="84912345678", name="Thạch Thị Sa Rây"
    )
    page = Client().get(f"/thong-bao/huy/{person.token}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sa Rây" not in text and "912" not in text and "Ấp Chợ" not in text
    assert page["Cache-Control"] == "private, no-store"
    person.refresh_from_db()
    assert person.unsubscribed_at is None  # a GET (a link preview) changes nothing


def test_a_one_click_post_without_csrf_unsubscribes_and_cancels_the_queue(
    personas: Personas,
) -> None:
    person = factories.subscriber(personas.hamlet_a_unit, phone="84912345678")
    queued = Message.objects.create(
        subscriber=person,
        unit=personas.hamlet_a_unit,
        channel="sms",
        address=person.phone,
        topic=Topic.NTM,
        body="x",
    )
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/thong-bao/huy/{person.token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.refresh_from_db()
    queued.refresh_from_db()
    assert person.unsubscribed_at is not None
    assert person.unsubscribe_reason == "link"
    assert queued.status == MessageStatus.CANCELLED
    # Again: still fine, nothing changes.
    assert client.post(f"/thong-bao/huy/{person.token}/").status_code == 200
    assert person.history.count() == 2
