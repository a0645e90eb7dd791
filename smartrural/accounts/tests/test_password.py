from __future__ import annotations

import re

import pytest
from django.test import Client

from smartrural.testing import PASSWORD, Personas

from .conftest import Inbox, body_of

NEW_PASSWORD = "a-brand-new-password-7"


def _link_in(inbox: Inbox) -> str:
    assert len(inbox.messages) == 1
    match = re.search(
        r"http://testserver(/accounts/password-reset/\S+/)", body_of(inbox.messages[0])
    )
    assert match, body_of(inbox.messages[0])
    return match.group(1)


@pytest.mark.django_db
class PasswordResetTests:
    def test_a_reset_link_arrives_by_smtp_and_sets_a_new_password(
        self, personas: Personas, smtp_inbox: Inbox
    ) -> None:
        client = Client()
        response = client.post("/accounts/password-reset/", {"email": "xa-29479@example.test"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-reset/sent/"
        message = smtp_inbox.messages[0]
        assert message["To"] == "xa-29479@example.test"
        assert message["Subject"]
        link = _link_in(smtp_inbox)

        response = client.get(link)  # Django moves the token into the session
        assert response.status_code == 302
        form_url = response["Location"]
        response = client.post(
            form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-reset/done/"

        login = Client().post(
            "/accounts/login/", {"username": "xa-29479", "password": NEW_PASSWORD}
        )
        assert login.status_code == 302
        old = Client().post("/accounts/login/", {"username": "xa-29479", "password": PASSWORD})
        assert old.status_code == 200

    def test_the_link_works_only_once(self, personas: Personas, smtp_inbox: Inbox) -> None:
        client = Client()
        client.post("/accounts/password-reset/", {"email": "xa-29479@example.test"})
        link = _link_in(smtp_inbox)
        form_url = client.get(link)["Location"]
        client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        response = Client().get(link, follow=True)
        assert response.context["validlink"] is False

    def test_an_unknown_address_sends_nothing_and_says_the_same(
        self, personas: Personas, smtp_inbox: Inbox
    ) -> None:
        response = Client().post("/accounts/password-reset/", {"email": "nobody@example.test"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-reset/sent/"
        assert smtp_inbox.messages == []

    def test_a_deactivated_account_gets_no_link(
        self, personas: Personas, smtp_inbox: Inbox
    ) -> None:
        personas.commune_b.is_active = False
        personas.commune_b.save()
        Client().post("/accounts/password-reset/", {"email": "xa-29482@example.test"})
        assert smtp_inbox.messages == []

    def test_the_pages_render(self) -> None:
        client = Client()
        assert client.get("/accounts/password-reset/").status_code == 200
        assert client.get("/accounts/password-reset/sent/").status_code == 200
        assert client.get("/accounts/password-reset/done/").status_code == 200


@pytest.mark.django_db
class PasswordChangeTests:
    def test_a_user_changes_their_password_and_stays_logged_in(self, personas) -> None:
        client = personas.client(personas.commune_a)
        assert client.get("/accounts/password-change/").status_code == 200
        response = client.post(
            "/accounts/password-change/",
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-change/done/"
        assert client.get("/accounts/me/").status_code == 200
        personas.commune_a.refresh_from_db()
        assert personas.commune_a.check_password(NEW_PASSWORD)

    def test_a_wrong_old_password_is_refused(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(
            "/accounts/password-change/",
            {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["old_password"]

    def test_anonymous_is_sent_to_login(self) -> None:
        response = Client().get("/accounts/password-change/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
