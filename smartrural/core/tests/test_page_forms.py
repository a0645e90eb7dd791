"""The form-page skeleton's action-button half: success flashes and redirects, a refusal is the
caller's page at the refusal's status, and a failing service leaves no message behind."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from smartrural.core.errors import Conflict, DomainError
from smartrural.core.page_forms import act


def _request() -> HttpRequest:
    request = RequestFactory().post("/x/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refused(exc: DomainError) -> HttpResponse:
    return HttpResponse(exc.message, status=exc.status_code)


class ActTests:
    def test_success_flashes_the_message_made_from_the_result_and_redirects(self) -> None:
        request = _request()
        response = act(
            request,
            lambda: 3,
            message=lambda n: f"{n} saved",
            then=lambda n: f"/done/{n}/",
            refused=_refused,
        )
        assert (response.status_code, response["Location"]) == (302, "/done/3/")
        assert [str(m) for m in get_messages(request)] == ["3 saved"]

    def test_a_refusal_is_the_callers_page_at_its_status_and_flashes_nothing(self) -> None:
        request = _request()

        def refuse() -> int:
            raise Conflict("Already withdrawn.")

        response = act(request, refuse, message="saved", then="/done/", refused=_refused)
        assert (response.status_code, response.content) == (409, b"Already withdrawn.")
        assert list(get_messages(request)) == []

    def test_an_error_that_is_not_a_refusal_is_not_swallowed(self) -> None:
        def broken() -> int:
            raise RuntimeError("bug")

        with pytest.raises(RuntimeError):  # it must reach the 500 handler and its log
            act(_request(), broken, message="saved", then="/done/", refused=_refused)
